/// What ``ConversationEngine/reply(to:message:logger:)`` streams, e.g. as server-sent events.
public enum ConversationUpdate: Sendable, Equatable {
    /// More of the interviewer's reply (the closing marker already removed).
    case delta(String)
    /// The reply is complete and stored; `ended` when the interview is over (its evaluation is
    /// queued in the same transaction that recorded the end).
    case completed(reply: String, ended: Bool)
}
