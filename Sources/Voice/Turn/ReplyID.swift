/// Identifies one reply of the interviewer (a model answer or a scripted line) within a session.
///
/// Every model and text-to-speech event names the reply it belongs to, so events of a reply that
/// was cancelled (barge-in, failure, end) are recognised and ignored. Its ``description``
/// (`reply-3`) is a suitable Cartesia `context_id`.
public struct ReplyID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Sequence number, from 1 in each session.
    public let value: Int

    /// The reply numbered `value`.
    public init(_ value: Int) {
        self.value = value
    }

    /// `reply-<value>`.
    public var description: String {
        "reply-\(value)"
    }

    /// Orders replies by creation.
    public static func < (lhs: ReplyID, rhs: ReplyID) -> Bool {
        lhs.value < rhs.value
    }
}
