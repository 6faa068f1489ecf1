public import Core
public import Foundation
public import Logging
public import PostgresNIO

/// An interview whose status changed, with its owner (for realtime events).
public struct InterviewChange: Sendable, Equatable, Codable {
    /// Interview id.
    public var id: UUID
    /// Recruiter who owns it.
    public var recruiterId: UUID
    /// New status.
    public var status: InterviewStatus
}

/// An interview whose conversation is open: what a voice or text session needs to run it.
public struct OpenedInterview: Sendable, Equatable {
    /// Interview id.
    public var id: UUID
    /// Recruiter who owns it.
    public var recruiterId: UUID
    /// When the candidate first opened it.
    public var startedAt: Date
    /// Minutes the candidate has from `startedAt`.
    public var timeLimit: Int
    /// Whether this call started it (PENDING → IN_PROGRESS) rather than resumed it.
    public var firstStart: Bool

    /// When its time is up.
    public var deadline: Date { startedAt.addingTimeInterval(TimeInterval(timeLimit * 60)) }
}

/// Every transition of an interview's status, in one place for voice, text and the nightly expiry.
///
/// ```
/// PENDING ──start──▶ IN_PROGRESS ──end / endAbandoned──▶ COMPLETED (completed_at set; evaluation follows)
///    └──expirePending (deadline passed)──▶ EXPIRED
/// ```
///
/// An interview is `IN_PROGRESS` only while its conversation can go on; ending it (the candidate,
/// the interviewer's goodbye, the time limit, or the expiry of an abandoned one) sets `COMPLETED`
/// and `completed_at` at once. The evaluation fills the scores later, or leaves `evaluation_error`
/// (see ``InterviewEvaluation``).
public enum InterviewLifecycle {
    /// Opens interview `id`'s conversation: a PENDING interview whose deadline has not passed
    /// becomes IN_PROGRESS with `started_at` now; an IN_PROGRESS one is resumed as it is. `nil`
    /// when it cannot be opened (missing, COMPLETED, EXPIRED, or PENDING past its deadline).
    public static func start(_ id: UUID, on client: Database, logger: Logger) async throws -> OpenedInterview? {
        // The subquery locks the row and reads its status before this statement changes it, so of
        // two concurrent starts exactly one sees PENDING.
        let rows = try await client.query("""
            UPDATE interviews i SET status = 'IN_PROGRESS', started_at = COALESCE(i.started_at, now()), updated_at = now()
            FROM (SELECT id, status AS previous FROM interviews WHERE id = \(id) FOR UPDATE) p
            WHERE i.id = p.id AND i.completed_at IS NULL
              AND (i.status = 'IN_PROGRESS' OR (i.status = 'PENDING' AND i.expires_at >= now()))
            RETURNING i.recruiter_id, i.started_at, i.time_limit, p.previous::text
            """, logger: logger)
        for try await (recruiterId, startedAt, timeLimit, previous) in rows.decode((UUID, Date, Int, String).self) {
            return OpenedInterview(id: id, recruiterId: recruiterId, startedAt: startedAt, timeLimit: timeLimit,
                                   firstStart: previous == InterviewStatus.pending.rawValue)
        }
        return nil
    }

    /// Ends interview `id`'s conversation on `connection` (the caller's transaction, which also
    /// enqueues the evaluation): IN_PROGRESS → COMPLETED with `completed_at` now. `nil` when it was
    /// not in progress (already ended: ending twice changes nothing).
    public static func end(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> InterviewChange? {
        let rows = try await connection.query("""
            UPDATE interviews SET status = 'COMPLETED', completed_at = now(), updated_at = now()
            WHERE id = \(id) AND status = 'IN_PROGRESS'
            RETURNING recruiter_id
            """, logger: logger)
        for try await recruiterId in rows.decode(UUID.self) {
            return InterviewChange(id: id, recruiterId: recruiterId, status: .completed)
        }
        return nil
    }

    /// Moves PENDING interviews whose `expires_at` passed to EXPIRED, `batchSize` rows per
    /// statement; returns every interview changed.
    public static func expirePending(on connection: PostgresConnection, batchSize: Int = 1000, logger: Logger) async throws -> [InterviewChange] {
        var changes: [InterviewChange] = []
        while true {
            let query: PostgresQuery = """
                UPDATE interviews SET status = 'EXPIRED', updated_at = now()
                WHERE id IN (
                    SELECT id FROM interviews WHERE status = 'PENDING' AND expires_at < now()
                    ORDER BY expires_at LIMIT \(Int64(batchSize)) FOR UPDATE SKIP LOCKED)
                RETURNING id, recruiter_id
                """
            var count = 0
            for try await (id, recruiter) in try await connection.query(query, logger: logger).decode((UUID, UUID).self) {
                changes.append(InterviewChange(id: id, recruiterId: recruiter, status: .expired))
                count += 1
            }
            if count < batchSize { return changes }
        }
    }

    /// Ends IN_PROGRESS interviews abandoned past `started_at + time_limit + grace`: COMPLETED
    /// with `completed_at` now, like ``end(_:on:logger:)``. Returns them, so the caller can
    /// enqueue their evaluations in the same transaction.
    public static func endAbandoned(graceMinutes: Int, on connection: PostgresConnection, logger: Logger) async throws -> [InterviewChange] {
        let query: PostgresQuery = """
            UPDATE interviews SET status = 'COMPLETED', completed_at = now(), updated_at = now()
            WHERE status = 'IN_PROGRESS' AND started_at IS NOT NULL
              AND started_at + (time_limit + \(graceMinutes)) * interval '1 minute' < now()
            RETURNING id, recruiter_id
            """
        var changes: [InterviewChange] = []
        for try await (id, recruiter) in try await connection.query(query, logger: logger).decode((UUID, UUID).self) {
            changes.append(InterviewChange(id: id, recruiterId: recruiter, status: .completed))
        }
        return changes
    }
}
