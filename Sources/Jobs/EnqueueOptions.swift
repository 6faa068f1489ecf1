public import Foundation

/// How a job is enqueued.
public struct EnqueueOptions: Sendable, Equatable {
    /// Queue name (default `default`); workers choose which queues they serve.
    public var queue: String
    /// 1 (most urgent) to 4; jobs are claimed by priority, then by `run_at`.
    public var priority: Int
    /// Earliest time to run; `nil` means now.
    public var runAt: Date?
    /// Attempts before the job is discarded (default 20).
    public var maxAttempts: Int
    /// Free-form labels for operators.
    public var tags: [String]
    /// At most one unfinished job per key; overrides the arguments' own key.
    public var uniqueKey: String?

    /// Creates options; see each property for its default.
    public init(
        queue: String = "default", priority: Int = 2, runAt: Date? = nil, delay: Duration? = nil,
        maxAttempts: Int = 20, tags: [String] = [], uniqueKey: String? = nil
    ) {
        self.queue = queue
        self.priority = priority
        if let delay {
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            self.runAt = (runAt ?? Date()).addingTimeInterval(seconds)
        } else {
            self.runAt = runAt
        }
        self.maxAttempts = maxAttempts
        self.tags = tags
        self.uniqueKey = uniqueKey
    }

    /// Throws ``JobQueueError`` with code `invalidOptions` when a value is out of range.
    public func validate() throws {
        guard (1...64).contains(queue.count) else {
            throw JobQueueError(.invalidOptions, "queue name must be 1 to 64 characters")
        }
        guard (1...4).contains(priority) else {
            throw JobQueueError(.invalidOptions, "priority must be 1 to 4, got \(priority)")
        }
        guard (1...1000).contains(maxAttempts) else {
            throw JobQueueError(.invalidOptions, "maxAttempts must be 1 to 1000, got \(maxAttempts)")
        }
    }
}
