/// Thrown by a handler to run its job again after `delay` without using an attempt.
public struct JobSnooze: Error, CustomStringConvertible {
    /// How long to wait.
    public let delay: Duration
    /// Creates the request.
    public init(for delay: Duration) { self.delay = delay }
    /// A short description.
    public var description: String { "snoozed for \(delay)" }
}
