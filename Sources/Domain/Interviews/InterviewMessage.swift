public import Core
public import Foundation
public import Logging
import PostgresNIO

/// One turn of an interview's conversation (`interview_messages`).
public struct InterviewMessage: Sendable, Codable, Equatable {
    /// Who said a message (the column's CHECK allows exactly these).
    public enum Role: String, Sendable, Codable, Equatable {
        /// The candidate.
        case user
        /// The interviewer.
        case assistant
        /// An instruction, never shown as a turn.
        case system
    }

    /// Id.
    public var id: UUID
    /// Who said it.
    public var role: Role
    /// Text.
    public var content: String
    /// When it was said.
    public var createdAt: Date

    /// Every message of `interviewId`, oldest first.
    public static func all(interviewId: UUID, on client: Database, logger: Logger) async throws -> [InterviewMessage] {
        var messages: [InterviewMessage] = []
        let rows = try await client.query(
            "SELECT id, role, content, created_at FROM interview_messages WHERE interview_id = \(interviewId) ORDER BY created_at, id",
            logger: logger
        )
        for try await (id, role, content, createdAt) in rows.decode((UUID, String, String, Date).self) {
            guard let role = Role(rawValue: role) else { throw PostgresDomainError("unknown interview_messages.role \(role)") }
            messages.append(InterviewMessage(id: id, role: role, content: content, createdAt: createdAt))
        }
        return messages
    }

    /// Appends a message said by `role` to `interviewId`'s conversation, timed by the statement's
    /// own clock (so turns written in one transaction keep their order).
    public static func append(interviewId: UUID, role: Role, content: String, on client: Database, logger: Logger) async throws {
        try await client.query(
            """
            INSERT INTO interview_messages (interview_id, role, content, created_at)
            VALUES (\(interviewId), \(role.rawValue), \(content), clock_timestamp())
            """, logger: logger)
    }
}
