public import Core
public import Foundation
public import Logging
public import PostgresNIO

/// An interview as its recruiter sees it (JSON field names are the old plan's, camelCase).
public struct Interview: Sendable, Codable, Equatable {
    /// Id.
    public var id: UUID
    /// Owner.
    public var recruiterId: UUID
    /// The job posting it is for (JSON key `jobId`, the old plan's name).
    public var postingId: UUID?
    /// Candidate's email.
    public var candidateEmail: String
    /// Candidate's name.
    public var candidateName: String?
    /// Recruiter's notes.
    public var candidateNotes: String?
    /// Candidate's phone in E.164 (WhatsApp invites).
    public var candidatePhone: String?
    /// Text or voice.
    public var type: InterviewType
    /// Lifecycle status.
    public var status: InterviewStatus
    /// Overall score 0–100 after evaluation.
    public var score: Int?
    /// Communication score.
    public var communicationScore: Int?
    /// Technical score.
    public var technicalScore: Int?
    /// Evaluation summary.
    public var summary: String?
    /// Strengths found by the evaluation.
    public var strengths: [String]
    /// Areas to improve.
    public var improvements: [String]
    /// Whether a recording is stored.
    public var hasRecording: Bool
    /// The candidate's resume file.
    public var resumeFileId: UUID?
    /// Minutes the candidate has.
    public var timeLimit: Int
    /// Deadline to start.
    public var expiresAt: Date
    /// When the candidate started.
    public var startedAt: Date?
    /// When it ended.
    public var completedAt: Date?
    /// Why the last evaluation failed, until it is requested again.
    public var evaluationError: String?
    /// Creation time.
    public var createdAt: Date
    /// Last change.
    public var updatedAt: Date

    /// JSON keys: the property names, except `postingId`, which the API calls `jobId`.
    enum CodingKeys: String, CodingKey {
        case id, recruiterId
        case postingId = "jobId"
        case candidateEmail, candidateName, candidateNotes, candidatePhone, type, status, score, communicationScore,
             technicalScore, summary, strengths, improvements, hasRecording, resumeFileId, timeLimit, expiresAt, startedAt,
             completedAt, evaluationError, createdAt, updatedAt
    }

    /// Encodes the fields in declaration order, omitting unset optional fields except
    /// `evaluationError`, which is always present (`null` when the evaluation did not fail).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(recruiterId, forKey: .recruiterId)
        try container.encodeIfPresent(postingId, forKey: .postingId)
        try container.encode(candidateEmail, forKey: .candidateEmail)
        try container.encodeIfPresent(candidateName, forKey: .candidateName)
        try container.encodeIfPresent(candidateNotes, forKey: .candidateNotes)
        try container.encodeIfPresent(candidatePhone, forKey: .candidatePhone)
        try container.encode(type, forKey: .type)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(score, forKey: .score)
        try container.encodeIfPresent(communicationScore, forKey: .communicationScore)
        try container.encodeIfPresent(technicalScore, forKey: .technicalScore)
        try container.encodeIfPresent(summary, forKey: .summary)
        try container.encode(strengths, forKey: .strengths)
        try container.encode(improvements, forKey: .improvements)
        try container.encode(hasRecording, forKey: .hasRecording)
        try container.encodeIfPresent(resumeFileId, forKey: .resumeFileId)
        try container.encode(timeLimit, forKey: .timeLimit)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encodeIfPresent(startedAt, forKey: .startedAt)
        try container.encodeIfPresent(completedAt, forKey: .completedAt)
        if let evaluationError {
            try container.encode(evaluationError, forKey: .evaluationError)
        } else {
            try container.encodeNil(forKey: .evaluationError)
        }
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    /// The columns `init(row:)` reads.
    public static let columns = """
        id, recruiter_id, job_posting_id, candidate_email, candidate_name, candidate_notes, candidate_phone,
        type::text, status::text, score, communication_score, technical_score, summary, strengths, improvements,
        recording_key IS NOT NULL AS has_recording, resume_file_id, time_limit, expires_at, started_at, completed_at,
        evaluation_error, created_at, updated_at
        """

    /// Decodes a row selected with ``columns`` (by position, in that order: no lookup by name).
    public init(row: PostgresRow) throws {
        var columns = RowReader(row)
        id = try columns.next()
        recruiterId = try columns.next()
        postingId = try columns.next()
        candidateEmail = try columns.next()
        candidateName = try columns.next()
        candidateNotes = try columns.next()
        candidatePhone = try columns.next()
        type = InterviewType(rawValue: try columns.next(String.self)) ?? .text
        status = InterviewStatus(rawValue: try columns.next(String.self)) ?? .pending
        score = try columns.next()
        communicationScore = try columns.next()
        technicalScore = try columns.next()
        summary = try columns.next()
        strengths = try columns.next()
        improvements = try columns.next()
        hasRecording = try columns.next()
        resumeFileId = try columns.next()
        timeLimit = try columns.next()
        expiresAt = try columns.next()
        startedAt = try columns.next()
        completedAt = try columns.next()
        evaluationError = try columns.next()
        createdAt = try columns.next()
        updatedAt = try columns.next()
    }

    /// What a new interview is made of.
    public struct Draft: Sendable {
        /// Owner.
        public var recruiterId: UUID
        /// Posting.
        public var postingId: UUID?
        /// Candidate's email.
        public var candidateEmail: String
        /// Candidate's name.
        public var candidateName: String?
        /// Notes.
        public var candidateNotes: String?
        /// E.164 phone.
        public var candidatePhone: String?
        /// Type.
        public var type: InterviewType
        /// Minutes.
        public var timeLimit: Int
        /// Deadline.
        public var expiresAt: Date
        /// Resume.
        public var resumeFileId: UUID?

        /// Creates a draft.
        public init(recruiterId: UUID, postingId: UUID?, candidateEmail: String, candidateName: String?, candidateNotes: String?,
                    candidatePhone: String?, type: InterviewType, timeLimit: Int, expiresAt: Date, resumeFileId: UUID?) {
            self.recruiterId = recruiterId
            self.postingId = postingId
            self.candidateEmail = candidateEmail
            self.candidateName = candidateName
            self.candidateNotes = candidateNotes
            self.candidatePhone = candidatePhone
            self.type = type
            self.timeLimit = timeLimit
            self.expiresAt = expiresAt
            self.resumeFileId = resumeFileId
        }
    }

    /// Inserts `draft` on `connection` (the caller's transaction).
    public static func insert(_ draft: Draft, on connection: PostgresConnection, logger: Logger) async throws -> Interview {
        let query: PostgresQuery = """
            INSERT INTO interviews (recruiter_id, job_posting_id, candidate_email, candidate_name, candidate_notes,
                candidate_phone, type, time_limit, expires_at, resume_file_id)
            VALUES (\(draft.recruiterId), \(draft.postingId), \(draft.candidateEmail), \(draft.candidateName), \(draft.candidateNotes),
                \(draft.candidatePhone), \(draft.type.rawValue)::interview_type, \(draft.timeLimit), \(draft.expiresAt), \(draft.resumeFileId))
            RETURNING \(unescaped: columns)
            """
        guard let row = try await connection.query(query, logger: logger).first(where: { _ in true }) else {
            throw PostgresDomainError("INSERT returned no row")
        }
        return try Interview(row: row)
    }

    /// The interview `id`, whoever owns it (callers check ownership).
    public static func find(id: UUID, on client: Database, logger: Logger) async throws -> Interview? {
        try await client.query("SELECT \(unescaped: columns) FROM interviews WHERE id = \(id)", logger: logger)
            .first { _ in true }.map(Interview.init(row:))
    }

    /// `recruiterId`'s interviews newest first (all recruiters' when `nil`), optionally of one status.
    public static func list(recruiterId: UUID?, status: InterviewStatus?, after cursor: PageCursor?, limit: Int,
                            on client: Database, logger: Logger) async throws -> [Interview] {
        var builder = QueryBuilder("SELECT \(columns) FROM interviews WHERE TRUE")
        if let recruiterId { builder.append(" AND recruiter_id = \(try builder.bind(recruiterId))") }
        if let status { builder.append(" AND status = \(try builder.bind(status.rawValue))::interview_status") }
        try builder.after(cursor, table: "interviews")
        builder.newestFirst(limit: limit)
        return try await client.query(builder.query, logger: logger).collect().map(Interview.init(row:))
    }

    /// Fields a recruiter may change; `nil` leaves a field as it is.
    public struct Changes: Sendable {
        /// Candidate's name.
        public var candidateName: String?
        /// Candidate's email.
        public var candidateEmail: String?
        /// Notes.
        public var candidateNotes: String?
        /// E.164 phone.
        public var candidatePhone: String?
        /// Minutes.
        public var timeLimit: Int?
        /// Deadline.
        public var expiresAt: Date?
        /// Posting.
        public var postingId: UUID?
        /// Resume.
        public var resumeFileId: UUID?
        /// Type.
        public var type: InterviewType?

        /// No changes.
        public init() {}
    }

    /// Applies `changes` to interview `id`; the updated interview. A new candidate email also
    /// revokes the candidate's tokens (see ``InterviewTokenVersion``).
    public static func update(id: UUID, _ changes: Changes, on client: Database, logger: Logger) async throws -> Interview? {
        var builder = QueryBuilder("UPDATE interviews SET updated_at = now()")
        func set(_ column: String, _ value: (some PostgresEncodable & Sendable)?, cast: String = "") throws {
            guard let value else { return }
            builder.append(", \(column) = \(try builder.bind(value))\(cast)")
        }
        try set("candidate_name", changes.candidateName)
        if let email = changes.candidateEmail {
            // Links sent to the old address stop working (SET reads the row as it was).
            let parameter = try builder.bind(email)
            builder.append(", candidate_email = \(parameter), token_version = token_version + CASE WHEN \(parameter)::text IS DISTINCT FROM candidate_email THEN 1 ELSE 0 END")
        }
        try set("candidate_notes", changes.candidateNotes)
        try set("candidate_phone", changes.candidatePhone)
        try set("time_limit", changes.timeLimit)
        try set("expires_at", changes.expiresAt)
        try set("job_posting_id", changes.postingId)
        try set("resume_file_id", changes.resumeFileId)
        try set("type", changes.type?.rawValue, cast: "::interview_type")
        builder.append(" WHERE id = \(try builder.bind(id)) RETURNING \(columns)")
        return try await client.query(builder.query, logger: logger).first { _ in true }.map(Interview.init(row:))
    }

    /// Deletes interview `id`; whether it existed.
    public static func delete(id: UUID, on client: Database, logger: Logger) async throws -> Bool {
        try await client.query("DELETE FROM interviews WHERE id = \(id) RETURNING id", logger: logger).first { _ in true } != nil
    }

    /// Deletes interview `id` on `connection` (inside the caller's transaction); whether it existed.
    public static func delete(id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.query("DELETE FROM interviews WHERE id = \(id) RETURNING id", logger: logger).collect().isEmpty == false
    }
}

/// A database answer that breaks an invariant of the code (not a client's mistake).
public struct PostgresDomainError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
