/// The author of a chat message, as the OpenAI-compatible `role` field names it.
public enum ChatRole: String, Sendable, Hashable, Codable {
    /// Instructions that frame the conversation.
    case system
    /// The end user's turn.
    case user
    /// A previous model turn.
    case assistant
}
