public import Core
public import Foundation
public import Logging
import PostgresNIO

/// A candidate's application to a job posting.
public struct JobApplication: Sendable, Codable, Equatable {
    /// Id.
    public var id: UUID
    /// The posting (JSON key `jobId`, the old plan's name).
    public var postingId: UUID
    /// The applicant.
    public var candidateId: UUID
    /// Cover letter.
    public var coverLetter: String?
    /// Resume file.
    public var resumeFileId: UUID?
    /// Status.
    public var status: ApplicationStatus
    /// Creation time.
    public var createdAt: Date
    /// Last change.
    public var updatedAt: Date

    /// JSON keys: the property names, except `postingId`, which the API calls `jobId`.
    enum CodingKeys: String, CodingKey {
        case id
        case postingId = "jobId"
        case candidateId, coverLetter, resumeFileId, status, createdAt, updatedAt
    }

    static let columns = "id, job_posting_id, candidate_id, cover_letter, resume_file_id, status::text, created_at, updated_at"

    init(row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        id = try r["id"].decode(UUID.self)
        postingId = try r["job_posting_id"].decode(UUID.self)
        candidateId = try r["candidate_id"].decode(UUID.self)
        coverLetter = try r["cover_letter"].decode(String?.self)
        resumeFileId = try r["resume_file_id"].decode(UUID?.self)
        status = ApplicationStatus(rawValue: try r["status"].decode(String.self)) ?? .pending
        createdAt = try r["created_at"].decode(Date.self)
        updatedAt = try r["updated_at"].decode(Date.self)
    }

    /// Inserts an application; `nil` when the candidate already applied to that posting.
    public static func insert(postingId: UUID, candidateId: UUID, coverLetter: String?, resumeFileId: UUID?,
                              on client: Database, logger: Logger) async throws -> JobApplication? {
        let query: PostgresQuery = """
            INSERT INTO job_applications (job_posting_id, candidate_id, cover_letter, resume_file_id)
            VALUES (\(postingId), \(candidateId), \(coverLetter), \(resumeFileId))
            ON CONFLICT (job_posting_id, candidate_id) DO NOTHING
            RETURNING \(unescaped: columns)
            """
        return try await client.query(query, logger: logger).first { _ in true }.map(JobApplication.init(row:))
    }

    /// Application `id` with the recruiter who owns its posting.
    public static func find(id: UUID, on client: Database, logger: Logger) async throws -> (JobApplication, recruiterId: UUID)? {
        let rows = try await client.query(
            """
            SELECT a.id, a.job_posting_id, a.candidate_id, a.cover_letter, a.resume_file_id, a.status::text, a.created_at, a.updated_at,
                   p.recruiter_id
            FROM job_applications a JOIN job_postings p ON p.id = a.job_posting_id WHERE a.id = \(id)
            """,
            logger: logger
        )
        for try await row in rows {
            return (try JobApplication(row: row), try row.makeRandomAccess()["recruiter_id"].decode(UUID.self))
        }
        return nil
    }

    /// Which applications to list.
    public enum Filter: Sendable {
        /// Those to one posting.
        case posting(UUID)
        /// One candidate's.
        case candidate(UUID)
    }

    /// Applications matching `filter`, newest first.
    public static func list(_ filter: Filter, after cursor: PageCursor?, limit: Int, on client: Database, logger: Logger) async throws -> [JobApplication] {
        var builder = QueryBuilder("SELECT \(columns) FROM job_applications WHERE TRUE")
        switch filter {
        case .posting(let id): builder.append(" AND job_posting_id = \(try builder.bind(id))")
        case .candidate(let id): builder.append(" AND candidate_id = \(try builder.bind(id))")
        }
        try builder.after(cursor, table: "job_applications")
        builder.newestFirst(limit: limit)
        return try await client.query(builder.query, logger: logger).collect().map(JobApplication.init(row:))
    }

    /// Moves application `id` to `status`.
    public static func setStatus(id: UUID, to status: ApplicationStatus, on client: Database, logger: Logger) async throws -> JobApplication? {
        try await client.query(
            "UPDATE job_applications SET status = \(status.rawValue)::application_status WHERE id = \(id) RETURNING \(unescaped: columns)",
            logger: logger
        ).first { _ in true }.map(JobApplication.init(row:))
    }
}
