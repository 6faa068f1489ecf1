import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Integrations
import Jobs
import Logging
import NIOCore
import PostgresNIO

/// `/interviews`: recruiters' interviews, their invites, transcripts and delivery records; the
/// candidate's view through the interview token.
struct InterviewController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.get("/interviews", use: list)
        router.post("/interviews", use: create)
        router.get("/interviews/:id", use: get)
        router.patch("/interviews/:id", use: update)
        router.delete("/interviews/:id", use: delete)
        router.post("/interviews/:id/invites", use: resendInvites)
        router.get("/interviews/:id/messages", use: messages)
        router.get("/interviews/:id/deliveries", use: deliveries)
        router.get("/interviews/:id/link", use: link)
        router.post("/interviews/:id/link/regenerate", use: regenerateLink)
    }

    static let readScope = "interviews:read"
    static let writeScope = "interviews:write"

    /// Invite channels.
    enum Channel: String, Codable, CaseIterable {
        case email
        case whatsapp
    }

    struct CreateBody: Decodable, Validatable {
        var candidateEmail: String
        var candidateName: String?
        var candidateNotes: String?
        var candidatePhone: String?
        var type: String?
        /// The posting (JSON key `jobId`).
        var postingId: UUID?
        var timeLimit: Int?
        var expiresAt: Date?
        var resumeFileId: UUID?
        var invites: [String]?

        enum CodingKeys: String, CodingKey {
            case candidateEmail, candidateName, candidateNotes, candidatePhone, type
            case postingId = "jobId"
            case timeLimit, expiresAt, resumeFileId, invites
        }

        func validate(_ v: inout Validator) {
            v.email(candidateEmail, "candidateEmail")
            v.length(candidateName, "candidateName", 1...200)
            v.length(candidateNotes, "candidateNotes", 0...5000)
            v.phone(candidatePhone, "candidatePhone")
            if let type { v.check(InterviewType(rawValue: type.uppercased()) != nil, "type", "must be TEXT or VOICE") }
            v.range(timeLimit, "timeLimit", 1...480)
            if let expiresAt {
                v.check(expiresAt > Date(), "expiresAt", "must be in the future")
                v.check(expiresAt < Date().addingTimeInterval(366 * 86_400), "expiresAt", "must be within a year")
            }
            if let invites {
                let unknown = invites.filter { Channel(rawValue: $0.lowercased()) == nil }
                v.check(unknown.isEmpty, "invites", "may contain only email and whatsapp")
                v.check(!invites.contains { $0.lowercased() == "whatsapp" } || candidatePhone != nil, "candidatePhone", "is required for a WhatsApp invite")
            }
        }

        var channels: [Channel] {
            Array(Set((invites ?? []).compactMap { Channel(rawValue: $0.lowercased()) })).sorted { $0.rawValue < $1.rawValue }
        }
    }

    struct InviteJob: Encodable {
        var channel: String
        var jobId: Int64
    }

    func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.recruiter(context, scope: Self.writeScope)
        let body = try await request.decodeJSON(as: CreateBody.self, limit: 32 << 10)
        let logger = context.logger
        try await checkReferences(postingId: body.postingId, resumeFileId: body.resumeFileId, userId: user.id, logger: logger)
        let draft = Interview.Draft(
            recruiterId: user.id, postingId: body.postingId, candidateEmail: body.candidateEmail.lowercased(),
            candidateName: body.candidateName, candidateNotes: body.candidateNotes, candidatePhone: body.candidatePhone,
            type: body.type.flatMap { InterviewType(rawValue: $0.uppercased()) } ?? .text,
            timeLimit: body.timeLimit ?? 30, expiresAt: body.expiresAt ?? Date().addingTimeInterval(7 * 86_400),
            resumeFileId: body.resumeFileId
        )
        let channels = body.channels
        let queue = services.queue
        // The interview and its invite jobs commit together or not at all.
        let (interview, jobs) = try await services.platform.postgres.withTransaction(logger: logger) { connection in
            let interview = try await Interview.insert(draft, on: connection, logger: logger)
            let jobs = try await Self.enqueueInvites(channels, interviewId: interview.id, queue: queue, on: connection)
            return (interview, jobs)
        }
        let response = try JSONResponse.make(.created, interview, headers: [.location: "/interviews/\(interview.id.uuidString.lowercased())"])
        if !jobs.isEmpty { logger.info("interview created with invites", metadata: ["interview_id": "\(interview.id)", "jobs": "\(jobs.count)"]) }
        return response
    }

    static func enqueueInvites(_ channels: [Channel], interviewId: UUID, queue: JobQueue, on connection: PostgresConnection) async throws -> [InviteJob] {
        var jobs: [InviteJob] = []
        for channel in channels {
            let result: EnqueueResult
            switch channel {
            case .email: result = try await queue.enqueue(SendInviteEmail(interviewId: interviewId), on: connection)
            case .whatsapp: result = try await queue.enqueue(SendWhatsApp(interviewId: interviewId), on: connection)
            }
            jobs.append(InviteJob(channel: channel.rawValue, jobId: result.id))
        }
        return jobs
    }

    /// 400 unless `postingId` (the body's `jobId`) is the caller's posting and `resumeFileId` a file they uploaded.
    func checkReferences(postingId: UUID?, resumeFileId: UUID?, userId: UUID, logger: Logger) async throws {
        var validator = Validator()
        if let postingId {
            let posting = try await JobPosting.find(id: postingId, on: services.platform.postgres, logger: logger)
            validator.check(posting?.recruiterId == userId, "jobId", "must be one of your job postings")
        }
        if let resumeFileId {
            let file = try await StoredFile.find(id: resumeFileId, on: services.platform.postgres, logger: logger)
            validator.check(file?.uploadedBy == userId, "resumeFileId", "must be a file you uploaded")
        }
        try validator.finish()
    }

    func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.recruiter(context, scope: Self.readScope)
        let page = try Page(request)
        var status: InterviewStatus?
        if let text = request.uri.queryParameters["status"] {
            guard let value = InterviewStatus(rawValue: String(text).uppercased()) else {
                throw APIError.validation(field: "status", problem: "must be one of PENDING, IN_PROGRESS, COMPLETED, EXPIRED")
            }
            status = value
        }
        // Admins see every interview through their session; everyone else their own.
        let owner: UUID? = context.caller?.isAdmin == true ? nil : user.id
        let rows = try await Interview.list(recruiterId: owner, status: status, after: page.cursor, limit: page.fetchLimit,
                                            on: services.platform.postgres, logger: context.logger)
        return try page.response(rows, request: request) { $0.id }
    }

    /// The interview `id` when the caller may see it (candidate token or owner); 404 otherwise.
    func load(_ request: Request, context: APIRequestContext, scope: String, allowCandidate: Bool) async throws -> (Interview, Access.InterviewAccess) {
        let id = try request.uuidParameter("id", context: context, resource: "Interview")
        let access = try Access.interview(context, id: id, scope: scope)
        guard let interview = try await Interview.find(id: id, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("Interview not found")
        }
        switch access {
        case .candidate:
            guard allowCandidate else {
                throw APIError(.forbidden, code: .forbidden, message: "The interview token does not allow this")
            }
        case .staff(let userId, let role):
            guard Access.owns((userId, role), interview.recruiterId, context: context) else {
                throw APIError.notFound("Interview not found")
            }
        }
        return (interview, access)
    }

    /// What the candidate sees of their interview.
    struct CandidateView: Encodable {
        var id: UUID
        var candidateName: String?
        var type: InterviewType
        var status: InterviewStatus
        var timeLimit: Int
        var expiresAt: Date
        var startedAt: Date?
        var completedAt: Date?
        var job: PostingSummary?
        var companyName: String?
    }

    struct PostingSummary: Encodable {
        var id: UUID
        var title: String
        var description: String
    }

    func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, access) = try await load(request, context: context, scope: Self.readScope, allowCandidate: true)
        guard case .candidate = access else { return try JSONResponse.make(.ok, interview) }
        let logger = context.logger
        let posting = try await interview.postingId.asyncMap { try await JobPosting.find(id: $0, on: services.platform.postgres, logger: logger) } ?? nil
        let profile = try await Profile.find(userId: interview.recruiterId, on: services.platform.postgres, logger: logger)
        return try JSONResponse.make(.ok, CandidateView(
            id: interview.id, candidateName: interview.candidateName, type: interview.type, status: interview.status,
            timeLimit: interview.timeLimit, expiresAt: interview.expiresAt, startedAt: interview.startedAt, completedAt: interview.completedAt,
            job: posting.map { PostingSummary(id: $0.id, title: $0.title, description: $0.description) }, companyName: profile?.companyName
        ))
    }

    struct UpdateBody: Decodable, Validatable {
        var candidateEmail: String?
        var candidateName: String?
        var candidateNotes: String?
        var candidatePhone: String?
        var type: String?
        /// The posting (JSON key `jobId`).
        var postingId: UUID?
        var timeLimit: Int?
        var expiresAt: Date?
        var resumeFileId: UUID?

        enum CodingKeys: String, CodingKey {
            case candidateEmail, candidateName, candidateNotes, candidatePhone, type
            case postingId = "jobId"
            case timeLimit, expiresAt, resumeFileId
        }

        func validate(_ v: inout Validator) {
            v.email(candidateEmail, "candidateEmail")
            v.length(candidateName, "candidateName", 1...200)
            v.length(candidateNotes, "candidateNotes", 0...5000)
            v.phone(candidatePhone, "candidatePhone")
            if let type { v.check(InterviewType(rawValue: type.uppercased()) != nil, "type", "must be TEXT or VOICE") }
            v.range(timeLimit, "timeLimit", 1...480)
            if let expiresAt { v.check(expiresAt > Date(), "expiresAt", "must be in the future") }
        }
    }

    func update(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, access) = try await load(request, context: context, scope: Self.writeScope, allowCandidate: false)
        guard case .staff(let userId, _) = access else { throw APIError.notFound("Interview not found") }
        let body = try await request.decodeJSON(as: UpdateBody.self, limit: 32 << 10)
        let changesSetup = body.candidateEmail != nil || body.type != nil || body.timeLimit != nil || body.postingId != nil
        if changesSetup && interview.status != .pending {
            throw APIError(.conflict, code: .interviewStarted, message: "Only a pending interview's candidate, type, time limit or posting can change")
        }
        try await checkReferences(postingId: body.postingId, resumeFileId: body.resumeFileId, userId: userId, logger: context.logger)
        var changes = Interview.Changes()
        changes.candidateEmail = body.candidateEmail?.lowercased()
        changes.candidateName = body.candidateName
        changes.candidateNotes = body.candidateNotes
        changes.candidatePhone = body.candidatePhone
        changes.type = body.type.flatMap { InterviewType(rawValue: $0.uppercased()) }
        changes.postingId = body.postingId
        changes.timeLimit = body.timeLimit
        changes.expiresAt = body.expiresAt
        changes.resumeFileId = body.resumeFileId
        guard let updated = try await Interview.update(id: interview.id, changes, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("Interview not found")
        }
        return try JSONResponse.make(.ok, updated)
    }

    func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, access) = try await load(request, context: context, scope: Self.writeScope, allowCandidate: false)
        guard case .staff = access else { throw APIError.notFound("Interview not found") }
        guard interview.status != .inProgress else {
            throw APIError(.conflict, code: .interviewInProgress, message: "The interview is in progress; delete it after it ends")
        }
        let queue = services.queue
        let logger = context.logger
        // The interview's recording and uploads leave storage through the queue, committed with the
        // delete, so a storage outage delays their deletion but never loses it.
        try await services.platform.postgres.withTransaction(logger: logger) { connection in
            let keys = try await RecordingUpload.keys(interviewId: interview.id, on: connection, logger: logger)
            _ = try await Interview.delete(id: interview.id, on: connection, logger: logger)
            if !keys.isEmpty { try await queue.enqueue(DeleteRecordings(keys: keys), on: connection) }
        }
        return try JSONResponse.success()
    }

    struct InvitesBody: Decodable, Validatable {
        var channels: [String]

        func validate(_ v: inout Validator) {
            v.check(!channels.isEmpty, "channels", "must name email and/or whatsapp")
            v.check(channels.allSatisfy { Channel(rawValue: $0.lowercased()) != nil }, "channels", "may contain only email and whatsapp")
        }
    }

    func resendInvites(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, access) = try await load(request, context: context, scope: Self.writeScope, allowCandidate: false)
        guard case .staff = access else { throw APIError.notFound("Interview not found") }
        let body = try await request.decodeJSON(as: InvitesBody.self, limit: 4 << 10)
        let channels = Array(Set(body.channels.compactMap { Channel(rawValue: $0.lowercased()) })).sorted { $0.rawValue < $1.rawValue }
        guard interview.status == .pending, interview.expiresAt > Date() else {
            throw APIError(.conflict, code: .interviewNotPending, message: "Invites can only be sent for a pending, unexpired interview")
        }
        if channels.contains(.whatsapp) && interview.candidatePhone == nil {
            throw APIError.validation(field: "candidatePhone", problem: "is required for a WhatsApp invite")
        }
        let queue = services.queue
        let jobs = try await services.platform.postgres.withTransaction(logger: context.logger) { connection in
            try await Self.enqueueInvites(channels, interviewId: interview.id, queue: queue, on: connection)
        }
        return try JSONResponse.make(.accepted, ["jobs": jobs])
    }

    func messages(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, _) = try await load(request, context: context, scope: Self.readScope, allowCandidate: true)
        let rows = try await InterviewMessage.all(interviewId: interview.id, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.ok, rows)
    }

    func deliveries(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, _) = try await load(request, context: context, scope: Self.readScope, allowCandidate: false)
        let rows = try await DeliveryRecord.all(interviewId: interview.id, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.ok, rows)
    }

    struct LinkResponse: Encodable {
        var url: String
        var token: String
    }

    func link(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, _) = try await load(request, context: context, scope: Self.readScope, allowCandidate: false)
        guard let version = try await InterviewTokenVersion.current(interviewId: interview.id, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("Interview not found")
        }
        return try linkResponse(interview, version: version)
    }

    /// `POST /interviews/:id/link/regenerate`: revokes every link issued so far (those in sent
    /// invites included) and answers the new one, like `GET /interviews/:id/link`.
    func regenerateLink(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, access) = try await load(request, context: context, scope: Self.writeScope, allowCandidate: false)
        guard case .staff = access else { throw APIError.notFound("Interview not found") }
        guard let version = try await InterviewTokenVersion.regenerate(interviewId: interview.id, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("Interview not found")
        }
        return try linkResponse(interview, version: version)
    }

    private func linkResponse(_ interview: Interview, version: Int) throws -> Response {
        let token = try InterviewToken.issue(interviewId: interview.id, version: version, expiresAt: interview.expiresAt,
                                             timeLimitMinutes: interview.timeLimit, signer: services.signer)
        let url = InterviewToken.link(frontendURL: services.platform.configuration.frontendURL, interviewId: interview.id, token: token)
        return try JSONResponse.make(.ok, LinkResponse(url: url, token: token))
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
