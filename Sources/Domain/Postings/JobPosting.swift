public import Core
public import Foundation
public import Logging
import PostgresNIO

/// A job posting (hiring; the API's `/jobs`). Not a background job.
public struct JobPosting: Sendable, Codable, Equatable {
    /// Id.
    public var id: UUID
    /// Owner.
    public var recruiterId: UUID
    /// Title.
    public var title: String
    /// Description.
    public var description: String
    /// Department.
    public var department: String?
    /// Location.
    public var location: String?
    /// Salary range as text.
    public var salaryRange: String?
    /// Open or not.
    public var status: JobPostingStatus
    /// Admin review.
    public var approvalStatus: ApprovalStatus
    /// Creation time.
    public var createdAt: Date
    /// Last change.
    public var updatedAt: Date

    static let columns = "id, recruiter_id, title, description, department, location, salary_range, status::text, approval_status::text, created_at, updated_at"

    /// Decodes a row selected with ``columns`` (by position, in that order).
    init(row: PostgresRow) throws {
        var columns = RowReader(row)
        id = try columns.next()
        recruiterId = try columns.next()
        title = try columns.next()
        description = try columns.next()
        department = try columns.next()
        location = try columns.next()
        salaryRange = try columns.next()
        status = JobPostingStatus(rawValue: try columns.next(String.self)) ?? .draft
        approvalStatus = ApprovalStatus(rawValue: try columns.next(String.self)) ?? .pending
        createdAt = try columns.next()
        updatedAt = try columns.next()
    }

    /// Whether anyone may see it: active and approved.
    public var isPublic: Bool { status == .active && approvalStatus == .approved }

    /// Editable content; `nil` leaves a field unchanged.
    public struct Content: Sendable {
        /// Title.
        public var title: String?
        /// Description.
        public var description: String?
        /// Department.
        public var department: String?
        /// Location.
        public var location: String?
        /// Salary range.
        public var salaryRange: String?
        /// Status.
        public var status: JobPostingStatus?
        /// Creates content.
        public init(title: String? = nil, description: String? = nil, department: String? = nil, location: String? = nil,
                    salaryRange: String? = nil, status: JobPostingStatus? = nil) {
            self.title = title
            self.description = description
            self.department = department
            self.location = location
            self.salaryRange = salaryRange
            self.status = status
        }
    }

    /// Inserts a posting of `recruiterId` (pending approval).
    public static func insert(recruiterId: UUID, title: String, description: String, content: Content,
                              on client: Database, logger: Logger) async throws -> JobPosting {
        let query: PostgresQuery = """
            INSERT INTO job_postings (recruiter_id, title, description, department, location, salary_range, status)
            VALUES (\(recruiterId), \(title), \(description), \(content.department), \(content.location), \(content.salaryRange),
                    \((content.status ?? .draft).rawValue)::job_posting_status)
            RETURNING \(unescaped: columns)
            """
        guard let row = try await client.query(query, logger: logger).first(where: { _ in true }) else {
            throw PostgresDomainError("INSERT returned no row")
        }
        return try JobPosting(row: row)
    }

    /// The posting `id`.
    public static func find(id: UUID, on client: Database, logger: Logger) async throws -> JobPosting? {
        try await client.query("SELECT \(unescaped: columns) FROM job_postings WHERE id = \(id)", logger: logger)
            .first { _ in true }.map(JobPosting.init(row:))
    }

    /// Which postings to list.
    public enum Filter: Sendable {
        /// One recruiter's.
        case recruiter(UUID)
        /// Everyone's, optionally of one approval status (admin).
        case all(ApprovalStatus?)
        /// Active and approved.
        case publicListings
    }

    /// Postings matching `filter`, newest first.
    public static func list(_ filter: Filter, after cursor: PageCursor?, limit: Int, on client: Database, logger: Logger) async throws -> [JobPosting] {
        var builder = QueryBuilder("SELECT \(columns) FROM job_postings WHERE TRUE")
        switch filter {
        case .recruiter(let id): builder.append(" AND recruiter_id = \(try builder.bind(id))")
        case .all(let approval?): builder.append(" AND approval_status = \(try builder.bind(approval.rawValue))::approval_status")
        case .all(nil): break
        case .publicListings: builder.append(" AND status = 'ACTIVE' AND approval_status = 'APPROVED'")
        }
        try builder.after(cursor, table: "job_postings")
        builder.newestFirst(limit: limit)
        return try await client.query(builder.query, logger: logger).collect().map(JobPosting.init(row:))
    }

    /// Applies `content`. A change to any field the public sees (title, description, department,
    /// location, salary range) sends the posting back to review; the status (open/closed) and
    /// values equal to the stored ones do not.
    public static func update(id: UUID, _ content: Content, on client: Database, logger: Logger) async throws -> JobPosting? {
        var builder = QueryBuilder("UPDATE job_postings SET updated_at = now()")
        var changed: [String] = []
        func set(_ column: String, _ value: String?, cast: String = "", reviewed: Bool) throws {
            guard let value else { return }
            let parameter = try builder.bind(value)
            builder.append(", \(column) = \(parameter)\(cast)")
            // SET expressions read the row as it was, so this compares with the stored value.
            if reviewed { changed.append("\(parameter)::text IS DISTINCT FROM \(column)") }
        }
        try set("title", content.title, reviewed: true)
        try set("description", content.description, reviewed: true)
        try set("department", content.department, reviewed: true)
        try set("location", content.location, reviewed: true)
        try set("salary_range", content.salaryRange, reviewed: true)
        try set("status", content.status?.rawValue, cast: "::job_posting_status", reviewed: false)
        if !changed.isEmpty {
            builder.append(", approval_status = CASE WHEN \(changed.joined(separator: " OR ")) THEN 'PENDING'::approval_status ELSE approval_status END")
        }
        builder.append(" WHERE id = \(try builder.bind(id)) RETURNING \(columns)")
        return try await client.query(builder.query, logger: logger).first { _ in true }.map(JobPosting.init(row:))
    }

    /// Records an admin's decision.
    public static func setApproval(id: UUID, to approval: ApprovalStatus, on client: Database, logger: Logger) async throws -> JobPosting? {
        try await client.query(
            "UPDATE job_postings SET approval_status = \(approval.rawValue)::approval_status WHERE id = \(id) RETURNING \(unescaped: columns)",
            logger: logger
        ).first { _ in true }.map(JobPosting.init(row:))
    }

    /// Deletes posting `id`; `false` when unknown. Throws a foreign-key violation while
    /// applications refer to it.
    public static func delete(id: UUID, on client: Database, logger: Logger) async throws -> Bool {
        try await client.query("DELETE FROM job_postings WHERE id = \(id) RETURNING id", logger: logger).first { _ in true } != nil
    }
}
