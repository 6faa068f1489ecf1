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

/// The time-driven transitions of interviews (the nightly expiry).
public enum InterviewLifecycle {
    /// Moves PENDING interviews whose `expires_at` passed to EXPIRED, `batchSize` rows per
    /// statement; returns every interview changed.
    public static func expirePending(on connection: PostgresConnection, batchSize: Int = 1000, logger: Logger) async throws -> [InterviewChange] {
        var changes: [InterviewChange] = []
        while true {
            let query: PostgresQuery = """
                UPDATE interviews SET status = 'EXPIRED'
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

    /// Marks IN_PROGRESS interviews abandoned past `started_at + time_limit + grace` as ended
    /// (`completed_at` set; status stays IN_PROGRESS until their evaluation completes) and returns
    /// them, so the caller can enqueue their evaluations in the same transaction.
    public static func endAbandoned(graceMinutes: Int, on connection: PostgresConnection, logger: Logger) async throws -> [InterviewChange] {
        let query: PostgresQuery = """
            UPDATE interviews SET completed_at = now()
            WHERE status = 'IN_PROGRESS' AND completed_at IS NULL AND started_at IS NOT NULL
              AND started_at + (time_limit + \(graceMinutes)) * interval '1 minute' < now()
            RETURNING id, recruiter_id
            """
        var changes: [InterviewChange] = []
        for try await (id, recruiter) in try await connection.query(query, logger: logger).decode((UUID, UUID).self) {
            changes.append(InterviewChange(id: id, recruiterId: recruiter, status: .inProgress))
        }
        return changes
    }
}
