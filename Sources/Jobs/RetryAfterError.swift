/// Thrown by a handler whose failure should retry no earlier than `after` (e.g. a provider's
/// `Retry-After`), instead of the kind's usual backoff.
public struct RetryAfterError: Error, CustomStringConvertible {
    /// The underlying failure, recorded on the job.
    public let message: String
    /// Minimum wait before the next attempt.
    public let after: Duration
    /// Creates the error.
    public init(_ message: String, after: Duration) {
        self.message = message
        self.after = after
    }
    /// `message`.
    public var description: String { message }
}
