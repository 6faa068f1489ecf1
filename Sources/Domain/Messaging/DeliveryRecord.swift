public import Core
public import Foundation
public import Logging
import PostgresNIO

/// One invite message (email or WhatsApp) of an interview and its delivery status.
public struct DeliveryRecord: Sendable, Codable, Equatable {
    /// Id.
    public var id: UUID
    /// `email` or `whatsapp`.
    public var channel: String
    /// The provider's message id.
    public var messageId: String?
    /// Status (an ``EmailStatus`` or ``WhatsAppStatus`` raw value).
    public var status: String
    /// When the provider accepted it.
    public var sentAt: Date?
    /// When it was delivered.
    public var deliveredAt: Date?
    /// When it was opened/read.
    public var openedAt: Date?
    /// Why it failed or may not have been delivered (`FAILED`, `UNCERTAIN`), or the last
    /// transient failure while it is still being retried.
    public var error: String?
    /// Creation time.
    public var createdAt: Date

    /// Every invite message of `interviewId`, oldest first.
    public static func all(interviewId: UUID, on client: Database, logger: Logger) async throws -> [DeliveryRecord] {
        let rows = try await client.query(
            """
            SELECT id, 'email', message_id, status::text, sent_at, delivered_at, opened_at, error, created_at FROM email_messages WHERE interview_id = \(interviewId)
            UNION ALL
            SELECT id, 'whatsapp', message_id, status::text, sent_at, delivered_at, read_at, error, created_at FROM whatsapp_messages WHERE interview_id = \(interviewId)
            ORDER BY 9, 1
            """,
            logger: logger
        )
        var records: [DeliveryRecord] = []
        for try await (id, channel, messageId, status, sent, delivered, opened, error, created)
            in rows.decode((UUID, String, String?, String, Date?, Date?, Date?, String?, Date).self) {
            records.append(DeliveryRecord(id: id, channel: channel, messageId: messageId, status: status, sentAt: sent,
                                          deliveredAt: delivered, openedAt: opened, error: error, createdAt: created))
        }
        return records
    }

    /// What a status update changed: the interview and its recruiter, for the realtime event.
    public struct Update: Sendable, Equatable {
        /// The interview.
        public var interviewId: UUID
        /// Its recruiter.
        public var recruiterId: UUID
        /// The new status.
        public var status: String
    }

    /// Moves the email with provider id `messageId` forward to `status` (never backward).
    /// `nil` when the message is unknown or already at a later status.
    public static func advanceEmail(messageId: String, to status: EmailStatus, at time: Date,
                                    on client: Database, logger: Logger) async throws -> Update? {
        let query: PostgresQuery = """
            UPDATE email_messages m SET status = \(status.rawValue)::email_status,
                delivered_at = CASE WHEN \(status.rawValue) = 'DELIVERED' THEN COALESCE(m.delivered_at, \(time)) ELSE m.delivered_at END,
                opened_at = CASE WHEN \(status.rawValue) IN ('OPENED', 'CLICKED') THEN COALESCE(m.opened_at, \(time)) ELSE m.opened_at END
            FROM interviews i
            WHERE m.message_id = \(ProviderMessageID.normalize(messageId)) AND i.id = m.interview_id
              AND email_status_rank(m.status) < email_status_rank(\(status.rawValue)::email_status)
            RETURNING m.interview_id, i.recruiter_id
            """
        for try await (interview, recruiter) in try await client.query(query, logger: logger).decode((UUID, UUID).self) {
            return Update(interviewId: interview, recruiterId: recruiter, status: status.rawValue)
        }
        return nil
    }

    /// Gives email row `id` the provider id `messageId` when an attempt's outcome was never
    /// recorded (the webhook echoes the row id in `X-Mailin-custom`); whether it did.
    public static func adoptEmailMessageId(recordId id: UUID, messageId: String, on client: Database, logger: Logger) async throws -> Bool {
        try await client.query("""
            UPDATE email_messages SET message_id = \(ProviderMessageID.normalize(messageId)), attempted_at = NULL,
                sent_at = COALESCE(sent_at, now()), status = 'SENT', error = NULL
            WHERE id = \(id) AND message_id IS NULL AND status IN ('PENDING', 'UNCERTAIN', 'SENT') RETURNING id
            """, logger: logger).first { _ in true } != nil
    }

    /// Moves the WhatsApp message with id `messageId` forward to `status` (never backward).
    public static func advanceWhatsApp(messageId: String, to status: WhatsAppStatus, at time: Date,
                                       on client: Database, logger: Logger) async throws -> Update? {
        let query: PostgresQuery = """
            UPDATE whatsapp_messages m SET status = \(status.rawValue)::whatsapp_status,
                delivered_at = CASE WHEN \(status.rawValue) = 'DELIVERED' THEN COALESCE(m.delivered_at, \(time)) ELSE m.delivered_at END,
                read_at = CASE WHEN \(status.rawValue) = 'READ' THEN COALESCE(m.read_at, \(time)) ELSE m.read_at END
            FROM interviews i
            WHERE m.message_id = \(ProviderMessageID.normalize(messageId)) AND i.id = m.interview_id
              AND whatsapp_status_rank(m.status) < whatsapp_status_rank(\(status.rawValue)::whatsapp_status)
            RETURNING m.interview_id, i.recruiter_id
            """
        for try await (interview, recruiter) in try await client.query(query, logger: logger).decode((UUID, UUID).self) {
            return Update(interviewId: interview, recruiterId: recruiter, status: status.rawValue)
        }
        return nil
    }
}
