public import Core
public import Domain
public import Foundation
public import Logging

extension ConversationTurn.Role {
    /// The stored role of a turn said by this speaker.
    public var messageRole: InterviewMessage.Role {
        switch self {
        case .user: .user
        case .assistant: .assistant
        }
    }
}

extension ConversationTurn {
    /// The turn a stored message is; `nil` for a system message (no turn of the conversation).
    public init?(_ message: InterviewMessage) {
        switch message.role {
        case .user: self = .user(message.content)
        case .assistant: self = .assistant(message.content)
        case .system: return nil
        }
    }

    /// The turns of `interviewId`'s conversation stored so far, oldest first.
    public static func history(interviewId: UUID, on client: Database, logger: Logger) async throws -> [ConversationTurn] {
        try await InterviewMessage.all(interviewId: interviewId, on: client, logger: logger).compactMap(ConversationTurn.init)
    }

    /// Stores this turn at the end of `interviewId`'s conversation.
    public func store(interviewId: UUID, on client: Database, logger: Logger) async throws {
        try await InterviewMessage.append(interviewId: interviewId, role: role.messageRole, content: text, on: client, logger: logger)
    }
}
