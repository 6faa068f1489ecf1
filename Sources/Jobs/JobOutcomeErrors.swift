/// Thrown by a handler to discard its job at once, without further attempts.
public struct PermanentJobError: Error, CustomStringConvertible {
    /// Why the job cannot succeed.
    public let message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    /// `message`.
    public var description: String { message }
}

/// Thrown by a handler to run its job again after `delay` without using an attempt.
public struct JobSnooze: Error, CustomStringConvertible {
    /// How long to wait.
    public let delay: Duration
    /// Creates the request.
    public init(for delay: Duration) { self.delay = delay }
    /// A short description.
    public var description: String { "snoozed for \(delay)" }
}

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
