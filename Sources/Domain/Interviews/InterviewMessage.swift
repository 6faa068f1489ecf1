public import Core
public import Foundation
public import Logging
import PostgresNIO

/// One turn of an interview's conversation.
public struct InterviewMessage: Sendable, Codable, Equatable {
    /// Id.
    public var id: UUID
    /// `user`, `assistant` or `system`.
    public var role: String
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
            messages.append(InterviewMessage(id: id, role: role, content: content, createdAt: createdAt))
        }
        return messages
    }
}
