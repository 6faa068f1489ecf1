/// A message of the interview transcript, as stored (`interview_messages`) and replayed to the
/// language model as history.
public struct ConversationTurn: Sendable, Equatable, Codable {
    /// Who spoke.
    public enum Role: String, Sendable, Equatable, Codable {
        /// The candidate.
        case user
        /// The interviewer.
        case assistant
    }

    /// Who spoke.
    public var role: Role
    /// What was said (for the interviewer: only what was actually sent as audio).
    public var text: String

    /// A turn.
    public init(role: Role, text: String) {
        self.role = role
        self.text = text
    }

    /// A candidate turn.
    public static func user(_ text: String) -> ConversationTurn {
        ConversationTurn(role: .user, text: text)
    }

    /// An interviewer turn.
    public static func assistant(_ text: String) -> ConversationTurn {
        ConversationTurn(role: .assistant, text: text)
    }
}
