import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `/jobs` (job postings) and their applications.
struct JobPostingController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.get("/jobs", use: list)
        router.get("/jobs/public", use: listPublic)
        router.post("/jobs", use: create)
        router.get("/jobs/:id", use: get)
        router.patch("/jobs/:id", use: update)
        router.delete("/jobs/:id", use: delete)
        router.post("/jobs/:id/applications", use: apply)
        router.get("/jobs/:id/applications", use: applications)
        router.get("/applications", use: myApplications)
        router.patch("/applications/:id", use: moveApplication)
    }

    static let readScope = "jobs:read"
    static let writeScope = "jobs:write"

    struct CreateBody: Decodable, Validatable {
        var title: String
        var description: String
        var department: String?
        var location: String?
        var salaryRange: String?
        var status: String?

        func validate(_ v: inout Validator) {
            v.length(title, "title", 1...200)
            v.length(description, "description", 1...20_000)
            v.length(department, "department", 0...200)
            v.length(location, "location", 0...200)
            v.length(salaryRange, "salaryRange", 0...100)
            if let status { v.check(JobPostingStatus(rawValue: status.uppercased()) != nil, "status", "must be DRAFT, ACTIVE or CLOSED") }
        }
    }

    struct UpdateBody: Decodable, Validatable {
        var title: String?
        var description: String?
        var department: String?
        var location: String?
        var salaryRange: String?
        var status: String?

        func validate(_ v: inout Validator) {
            v.length(title, "title", 1...200)
            v.length(description, "description", 1...20_000)
            v.length(department, "department", 0...200)
            v.length(location, "location", 0...200)
            v.length(salaryRange, "salaryRange", 0...100)
            if let status { v.check(JobPostingStatus(rawValue: status.uppercased()) != nil, "status", "must be DRAFT, ACTIVE or CLOSED") }
        }
    }

    func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.recruiter(context, scope: Self.readScope)
        let page = try Page(request)
        let filter: JobPosting.Filter = context.caller?.isAdmin == true ? .all(nil) : .recruiter(user.id)
        let rows = try await JobPosting.list(filter, after: page.cursor, limit: page.fetchLimit, on: services.platform.postgres, logger: context.logger)
        return try page.response(rows, request: request) { $0.id }
    }

    func listPublic(_ request: Request, context: APIRequestContext) async throws -> Response {
        let page = try Page(request)
        let rows = try await JobPosting.list(.publicListings, after: page.cursor, limit: page.fetchLimit, on: services.platform.postgres, logger: context.logger)
        return try page.response(rows, request: request) { $0.id }
    }

    func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.recruiter(context, scope: Self.writeScope)
        let body = try await request.decodeJSON(as: CreateBody.self, limit: 64 << 10)
        let content = JobPosting.Content(department: body.department, location: body.location, salaryRange: body.salaryRange,
                                         status: body.status.flatMap { JobPostingStatus(rawValue: $0.uppercased()) })
        let posting = try await JobPosting.insert(recruiterId: user.id, title: body.title, description: body.description, content: content,
                                                  on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.created, posting, headers: [.location: "/jobs/\(posting.id.uuidString.lowercased())"])
    }

    /// The posting `id` when the caller owns it (or is an admin); 404 otherwise.
    func owned(_ request: Request, context: APIRequestContext, scope: String) async throws -> JobPosting {
        let user = try Access.recruiter(context, scope: scope)
        let id = try request.uuidParameter("id", context: context, resource: "Job")
        guard let posting = try await JobPosting.find(id: id, on: services.platform.postgres, logger: context.logger),
              Access.owns(user, posting.recruiterId, context: context)
        else { throw APIError.notFound("Job not found") }
        return posting
    }

    func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, resource: "Job")
        guard let posting = try await JobPosting.find(id: id, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("Job not found")
        }
        if posting.isPublic { return try JSONResponse.make(.ok, posting) }
        let user = try Access.recruiter(context, scope: Self.readScope)
        guard Access.owns(user, posting.recruiterId, context: context) else { throw APIError.notFound("Job not found") }
        return try JSONResponse.make(.ok, posting)
    }

    func update(_ request: Request, context: APIRequestContext) async throws -> Response {
        let posting = try await owned(request, context: context, scope: Self.writeScope)
        let body = try await request.decodeJSON(as: UpdateBody.self, limit: 64 << 10)
        let content = JobPosting.Content(title: body.title, description: body.description, department: body.department, location: body.location,
                                         salaryRange: body.salaryRange, status: body.status.flatMap { JobPostingStatus(rawValue: $0.uppercased()) })
        guard let updated = try await JobPosting.update(id: posting.id, content, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("Job not found")
        }
        return try JSONResponse.make(.ok, updated)
    }

    func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let posting = try await owned(request, context: context, scope: Self.writeScope)
        let applications = try await JobApplication.list(.posting(posting.id), after: nil, limit: 1, on: services.platform.postgres, logger: context.logger)
        guard applications.isEmpty else {
            throw APIError(.conflict, code: .hasApplications, message: "The job has applications; close it instead of deleting it")
        }
        _ = try await JobPosting.delete(id: posting.id, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.success()
    }

    struct ApplyBody: Decodable, Validatable {
        var coverLetter: String?
        var resumeFileId: UUID?

        func validate(_ v: inout Validator) {
            v.length(coverLetter, "coverLetter", 0...20_000)
        }
    }

    func apply(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.user(context, roles: [.candidate])
        let id = try request.uuidParameter("id", context: context, resource: "Job")
        guard let posting = try await JobPosting.find(id: id, on: services.platform.postgres, logger: context.logger), posting.isPublic else {
            throw APIError.notFound("Job not found")
        }
        let body = try await request.decodeJSON(as: ApplyBody.self, limit: 64 << 10)
        if let resume = body.resumeFileId {
            let file = try await StoredFile.find(id: resume, on: services.platform.postgres, logger: context.logger)
            guard let file, file.uploadedBy == user.id, file.category == .resume else {
                throw APIError.validation(field: "resumeFileId", problem: "must be a RESUME file you uploaded")
            }
        }
        guard let application = try await JobApplication.insert(postingId: posting.id, candidateId: user.id, coverLetter: body.coverLetter,
                                                                 resumeFileId: body.resumeFileId, on: services.platform.postgres, logger: context.logger)
        else {
            throw APIError(.conflict, code: .alreadyApplied, message: "You already applied to this job")
        }
        return try JSONResponse.make(.created, application)
    }

    func applications(_ request: Request, context: APIRequestContext) async throws -> Response {
        let posting = try await owned(request, context: context, scope: Self.readScope)
        let page = try Page(request)
        let rows = try await JobApplication.list(.posting(posting.id), after: page.cursor, limit: page.fetchLimit, on: services.platform.postgres, logger: context.logger)
        return try page.response(rows, request: request) { $0.id }
    }

    func myApplications(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.user(context, roles: [.candidate])
        let page = try Page(request)
        let rows = try await JobApplication.list(.candidate(user.id), after: page.cursor, limit: page.fetchLimit, on: services.platform.postgres, logger: context.logger)
        return try page.response(rows, request: request) { $0.id }
    }

    struct MoveBody: Decodable, Validatable {
        var status: String

        func validate(_ v: inout Validator) {
            v.check(ApplicationStatus(rawValue: status.uppercased()) != nil, "status", "must be PENDING, REVIEWED, SHORTLISTED, REJECTED or HIRED")
        }
    }

    func moveApplication(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.recruiter(context, scope: Self.writeScope)
        let id = try request.uuidParameter("id", context: context, resource: "Application")
        guard let (_, recruiterId) = try await JobApplication.find(id: id, on: services.platform.postgres, logger: context.logger),
              Access.owns(user, recruiterId, context: context)
        else { throw APIError.notFound("Application not found") }
        let body = try await request.decodeJSON(as: MoveBody.self, limit: 4 << 10)
        guard let status = ApplicationStatus(rawValue: body.status.uppercased()),
              let moved = try await JobApplication.setStatus(id: id, to: status, on: services.platform.postgres, logger: context.logger)
        else { throw APIError.notFound("Application not found") }
        return try JSONResponse.make(.ok, moved)
    }
}
