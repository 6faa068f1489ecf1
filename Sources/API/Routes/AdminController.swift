import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Jobs
import Logging
import NIOCore
import PostgresNIO

/// `/admin/*`: users, the recruiter signup code, posting approval and queue operations.
/// Admin sessions only (API keys are refused).
struct AdminController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.get("/admin/users", use: users)
        router.patch("/admin/users/:id", use: setRole)
        router.post("/admin/users/:id/revoke-sessions", use: revokeSessions)
        router.get("/admin/signup-code", use: signupCode)
        router.put("/admin/signup-code", use: setSignupCode)
        router.get("/admin/jobs", use: postings)
        router.post("/admin/jobs/:id/approval", use: approve)
        router.get("/admin/queue/stats", use: queueStats)
        router.get("/admin/queue/jobs", use: queueJobs)
        router.get("/admin/queue/jobs/:id", use: queueJob)
        router.post("/admin/queue/jobs/:id/retry", use: retryJob)
        router.post("/admin/queue/jobs/:id/cancel", use: cancelJob)
    }

    func users(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let page = try Page(request)
        let role = try request.uri.queryParameters["role"].map { text -> UserRole in
            guard let role = UserRole(rawValue: String(text).uppercased()) else {
                throw APIError.validation(field: "role", problem: "must be RECRUITER, CANDIDATE or ADMIN")
            }
            return role
        }
        let rows = try await User.list(role: role, after: page.cursor, limit: page.fetchLimit, on: services.platform.postgres, logger: context.logger)
        return try page.response(rows, request: request) { $0.id }
    }

    struct RoleBody: Decodable, Validatable {
        var role: String
        func validate(_ v: inout Validator) {
            v.check(UserRole(rawValue: role.uppercased()) != nil, "role", "must be RECRUITER, CANDIDATE or ADMIN")
        }
    }

    func setRole(_ request: Request, context: APIRequestContext) async throws -> Response {
        let adminId = try Access.admin(context)
        let id = try request.uuidParameter("id", context: context, resource: "User")
        let body = try await request.decodeJSON(as: RoleBody.self, limit: 4 << 10)
        guard let role = UserRole(rawValue: body.role.uppercased()) else { throw APIError.notFound("User not found") }
        if id == adminId && role != .admin {
            throw APIError(.conflict, code: .cannotDemoteSelf, message: "Admins cannot remove their own admin role")
        }
        guard let user = try await User.setRole(id: id, to: role, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("User not found")
        }
        // Cached sessions and open sockets carry the old role: the change applies at once.
        try await services.sessionRevoker.roleChanged(userId: id, logger: context.logger)
        return try JSONResponse.make(.ok, user)
    }

    func revokeSessions(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let id = try request.uuidParameter("id", context: context, resource: "User")
        guard try await User.find(id: id, on: services.platform.postgres, logger: context.logger) != nil else {
            throw APIError.notFound("User not found")
        }
        let revoked = try await services.sessionRevoker.revokeAll(userId: id, logger: context.logger)
        return try JSONResponse.make(.ok, ["revoked": revoked])
    }

    func signupCode(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let hash = try await AdminSettings.signupCodeHash(on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.ok, ["enabled": hash != nil])
    }

    struct SignupCodeBody: Decodable, Validatable {
        var code: String?
        func validate(_ v: inout Validator) {
            v.length(code, "code", 8...200)
        }
    }

    /// Sets or rotates the recruiter signup code (stored as a bcrypt hash); `null` opens sign-up.
    func setSignupCode(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let body = try await request.decodeJSON(as: SignupCodeBody.self, limit: 4 << 10)
        let hash = try await body.code.asyncMap { try await services.hasher.hash($0) }
        try await AdminSettings.setSignupCodeHash(hash, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.ok, ["enabled": hash != nil])
    }

    func postings(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let page = try Page(request)
        let approval = try request.uri.queryParameters["approvalStatus"].map { text -> ApprovalStatus in
            guard let value = ApprovalStatus(rawValue: String(text).uppercased()) else {
                throw APIError.validation(field: "approvalStatus", problem: "must be PENDING, APPROVED or REJECTED")
            }
            return value
        }
        let rows = try await JobPosting.list(.all(approval), after: page.cursor, limit: page.fetchLimit, on: services.platform.postgres, logger: context.logger)
        return try page.response(rows, request: request) { $0.id }
    }

    struct ApprovalBody: Decodable, Validatable {
        var approvalStatus: String
        func validate(_ v: inout Validator) {
            v.check(ApprovalStatus(rawValue: approvalStatus.uppercased()) != nil, "approvalStatus", "must be PENDING, APPROVED or REJECTED")
        }
    }

    func approve(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let id = try request.uuidParameter("id", context: context, resource: "Job")
        let body = try await request.decodeJSON(as: ApprovalBody.self, limit: 4 << 10)
        guard let status = ApprovalStatus(rawValue: body.approvalStatus.uppercased()),
              let posting = try await JobPosting.setApproval(id: id, to: status, on: services.platform.postgres, logger: context.logger)
        else { throw APIError.notFound("Job not found") }
        return try JSONResponse.make(.ok, posting)
    }

    func queueStats(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        return try JSONResponse.make(.ok, try await services.queue.stats())
    }

    func queueJobs(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let query = request.uri.queryParameters
        let stateText = query["state"].map(String.init) ?? "discarded"
        guard let state = JobState(rawValue: stateText) else {
            let names = JobState.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.validation(field: "state", problem: "must be one of \(names)")
        }
        var limit = 50
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...500).contains(value) else {
                throw APIError.validation(field: "limit", problem: "must be between 1 and 500")
            }
            limit = value
        }
        let kind = query["kind"].map(String.init)
        return try JSONResponse.make(.ok, try await services.queue.list(state: state, kind: kind, limit: limit))
    }

    func jobId(_ context: APIRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw APIError.notFound("Job not found") }
        return id
    }

    func queueJob(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        guard let job = try await services.queue.job(id: try jobId(context)) else { throw APIError.notFound("Job not found") }
        return try JSONResponse.make(.ok, job)
    }

    func retryJob(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let id = try jobId(context)
        do {
            try await services.queue.retry(id: id)
        } catch let error as JobQueueError {
            throw Self.map(error)
        }
        guard let job = try await services.queue.job(id: id) else { throw APIError.notFound("Job not found") }
        return try JSONResponse.make(.ok, job)
    }

    func cancelJob(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try Access.admin(context)
        let id = try jobId(context)
        let outcome: CancelOutcome
        do {
            outcome = try await services.queue.cancel(id: id)
        } catch let error as JobQueueError {
            throw Self.map(error)
        }
        let text: String
        switch outcome {
        case .cancelled: text = "cancelled"
        case .cancelRequested: text = "cancel_requested"
        case .alreadyFinal: text = "already_final"
        }
        return try JSONResponse.make(.ok, ["outcome": text])
    }

    static func map(_ error: JobQueueError) -> APIError {
        switch error.code {
        case .notFound: APIError.notFound("Job not found")
        default: APIError(.conflict, code: APIError.Code(rawValue: error.code.description), message: error.message)
        }
    }
}
