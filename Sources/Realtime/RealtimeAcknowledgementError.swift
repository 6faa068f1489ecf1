/// Why ``RealtimeSocket/emitWithAck(_:_:timeout:)`` got no answer.
public enum RealtimeAcknowledgementError: Error, Sendable, Equatable {
    /// The client did not acknowledge within the timeout.
    case timedOut
    /// The socket disconnected (or was not connected) before acknowledging.
    case disconnected
    /// The waiting task was cancelled.
    case cancelled
}
