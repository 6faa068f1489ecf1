/// Why a text interview turn could not be taken (map to HTTP statuses in the API).
public enum ConversationError: Error, Sendable, Equatable {
    /// No such interview (404).
    case notFound
    /// The interview expired or already ended (409 / 410).
    case closed(String)
    /// A provider key is missing; the associated value names the variable (503).
    case providerNotConfigured(String)
    /// The message is empty or longer than ``ConversationEngine/maxMessageLength`` (400).
    case invalidMessage(String)
    /// The model failed twice (502); the candidate's message is stored.
    case replyFailed(String)
    /// The interview already holds `TEXT_INTERVIEW_MAX_TURNS` candidate messages (409); the
    /// associated value is that limit.
    case turnLimitReached(Int)
}
