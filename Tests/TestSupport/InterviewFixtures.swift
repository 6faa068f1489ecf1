import Core
import Domain
import Foundation
import PostgresNIO

/// Rows the voice and conversation tests start from, and what they read back: a recruiter with a
/// posting and an interview (with its candidate token), the stored transcript, queued evaluations.
public struct InterviewFixtures: Sendable {
    /// The test database.
    public let db: TestDatabase
    /// The secret candidate tokens are signed with (the platform's `JWT_SECRET`).
    public let jwtSecret: String

    /// Fixtures on `db`, signing tokens with `jwtSecret`.
    public init(db: TestDatabase, jwtSecret: String) {
        self.db = db
        self.jwtSecret = jwtSecret
    }

    /// A recruiter, a posting and an interview (voice unless `type` says otherwise); returns the
    /// interview and its candidate token.
    public func makeInterview(
        timeLimit: Int = 30, startedSecondsAgo: Int? = nil, expiresIn: TimeInterval = 86_400, status: String? = nil,
        type: InterviewType = .voice
    ) async throws -> (id: UUID, token: String) {
        let recruiter = UUID()
        let posting = UUID()
        let logger = db.logger
        try await db.client.query(
            "INSERT INTO users (id, email, password_hash) VALUES (\(recruiter), \("r-\(recruiter.uuidString.prefix(8).lowercased())@example.com"), 'x')",
            logger: logger)
        try await db.client.query(
            """
            INSERT INTO job_postings (id, recruiter_id, title, description)
            VALUES (\(posting), \(recruiter), 'Senior Swift Engineer', 'Build server-side Swift services with PostgreSQL.')
            """, logger: logger)
        let expiresAt = Date().addingTimeInterval(expiresIn)
        let interview = try await db.client.withConnection { connection in
            try await Interview.insert(
                Interview.Draft(
                    recruiterId: recruiter, postingId: posting, candidateEmail: "ana@example.com", candidateName: "Ana", candidateNotes: nil,
                    candidatePhone: nil, type: type, timeLimit: timeLimit, expiresAt: expiresAt, resumeFileId: nil),
                on: connection, logger: logger)
        }
        if let startedSecondsAgo {
            try await db.client.query(
                """
                UPDATE interviews SET status = 'IN_PROGRESS', started_at = now() - make_interval(secs => \(Double(startedSecondsAgo)))
                WHERE id = \(interview.id)
                """, logger: logger)
        }
        if let status {
            try await db.client.query(
                "UPDATE interviews SET status = \(status)::interview_status WHERE id = \(interview.id)", logger: logger)
        }
        let token = try InterviewToken.issue(
            interviewId: interview.id, version: 0, expiresAt: expiresAt, timeLimitMinutes: timeLimit,
            signer: TokenSigner(secret: jwtSecret))
        return (interview.id, token)
    }

    /// The stored transcript, oldest first.
    public func transcript(_ interview: UUID) async throws -> [InterviewMessage] {
        try await InterviewMessage.all(interviewId: interview, on: db.database, logger: db.logger)
    }

    /// The interview as stored.
    public func interview(_ id: UUID) async throws -> Interview? {
        try await Interview.find(id: id, on: db.database, logger: db.logger)
    }

    /// The number of `evaluate_interview` jobs queued for `interview`.
    public func evaluationJobs(_ interview: UUID) async throws -> Int {
        let rows = try await db.client.query(
            "SELECT count(*)::int FROM background_jobs WHERE kind = 'evaluate_interview' AND args->>'interviewId' = \(interview.uuidString)",
            logger: db.logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
