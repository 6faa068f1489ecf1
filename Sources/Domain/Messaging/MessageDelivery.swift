public import Core
public import Foundation
public import Logging
import PostgresNIO

/// The message row an invite job owns (one per job, by `job_id`), and its transitions:
/// recorded → attempt in flight → sent (provider id) / failed / uncertain (the outcome of a call
/// is unknown, so it is not repeated).
public enum MessageDelivery {
    /// Email or WhatsApp.
    public enum Channel: String, Sendable {
        /// `email_messages`.
        case email
        /// `whatsapp_messages`.
        case whatsapp

        var table: String { self == .email ? "email_messages" : "whatsapp_messages" }
        var statusType: String { self == .email ? "email_status" : "whatsapp_status" }
        var rankFunction: String { self == .email ? "email_status_rank" : "whatsapp_status_rank" }
    }

    /// What a job finds when it starts.
    public struct Record: Sendable, Equatable {
        /// The row's id.
        public var id: UUID
        /// The provider's id once sent.
        public var messageId: String?
        /// When a provider call started and its outcome was not recorded.
        public var attemptedAt: Date?
    }

    /// The row of job `jobId` for `interviewId`, created on first call.
    public static func record(_ channel: Channel, jobId: Int64, interviewId: UUID, on client: Database, logger: Logger) async throws -> Record {
        let query = PostgresQuery(unsafeSQL: """
            INSERT INTO \(channel.table) (interview_id, job_id) VALUES ($1, $2)
            ON CONFLICT (job_id) DO UPDATE SET job_id = EXCLUDED.job_id
            RETURNING id, message_id, attempted_at
            """, binds: try bindings(interviewId, jobId))
        for try await (id, messageId, attemptedAt) in try await client.query(query, logger: logger).decode((UUID, String?, Date?).self) {
            return Record(id: id, messageId: messageId, attemptedAt: attemptedAt)
        }
        throw PostgresDomainError("INSERT … RETURNING gave no row")
    }

    /// Marks a provider call as started (committed before the call).
    public static func markAttempt(_ channel: Channel, id: UUID, on client: Database, logger: Logger) async throws {
        try await client.query(PostgresQuery(unsafeSQL: "UPDATE \(channel.table) SET attempted_at = now(), error = NULL WHERE id = $1",
                                             binds: try bindings(id)), logger: logger)
    }

    /// The call definitely did not send (the provider answered with an error): a retry may call again.
    public static func clearAttempt(_ channel: Channel, id: UUID, error: String, on client: Database, logger: Logger) async throws {
        try await client.query(PostgresQuery(unsafeSQL: "UPDATE \(channel.table) SET attempted_at = NULL, error = $2 WHERE id = $1",
                                             binds: try bindings(id, error)), logger: logger)
    }

    /// Stores the provider's id and moves the row to SENT (never backwards: a webhook may have
    /// moved it further already).
    public static func markSent(_ channel: Channel, id: UUID, messageId: String, on client: Database, logger: Logger) async throws {
        try await client.query(PostgresQuery(unsafeSQL: """
            UPDATE \(channel.table) SET message_id = $2, sent_at = COALESCE(sent_at, now()), error = NULL,
                status = CASE WHEN \(channel.rankFunction)(status) < \(channel.rankFunction)('SENT') THEN 'SENT'::\(channel.statusType) ELSE status END
            WHERE id = $1
            """, binds: try bindings(id, ProviderMessageID.normalize(messageId))), logger: logger)
    }

    /// The provider refused the message for good.
    public static func markFailed(_ channel: Channel, id: UUID, error: String, on client: Database, logger: Logger) async throws {
        try await client.query(PostgresQuery(unsafeSQL: """
            UPDATE \(channel.table) SET status = 'FAILED'::\(channel.statusType), error = $2, attempted_at = NULL WHERE id = $1 AND message_id IS NULL
            """, binds: try bindings(id, error)), logger: logger)
    }

    /// The outcome of a provider call is unknown (a timeout after the request left, a worker that
    /// died mid-call): the row becomes `UNCERTAIN` with `error`, unless it has moved on already.
    /// The attempt mark stays, so no later run of the job calls the provider again.
    public static func markUncertain(_ channel: Channel, id: UUID, error: String, on client: Database, logger: Logger) async throws {
        try await client.query(PostgresQuery(unsafeSQL: """
            UPDATE \(channel.table) SET status = 'UNCERTAIN'::\(channel.statusType), error = $2
            WHERE id = $1 AND message_id IS NULL AND status = 'PENDING'
            """, binds: try bindings(id, error)), logger: logger)
    }

    private static func bindings(_ values: any (PostgresEncodable & Sendable)...) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { try bindings.append(value) }
        return bindings
    }
}
