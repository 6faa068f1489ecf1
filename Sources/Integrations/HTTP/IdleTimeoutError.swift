/// Thrown by ``withIdleTimeout(_:operation:)`` when an operation made no progress for too long.
struct IdleTimeoutError: Error, Sendable {
    /// The interval that elapsed without progress.
    let interval: Duration
}
