/// Where a background job is in its life.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Ready to run now.
    case available
    /// Waiting for its `run_at`.
    case scheduled
    /// Claimed by a worker that holds its lease.
    case running
    /// Failed, waiting for its backoff to pass before another attempt.
    case retryable
    /// Finished successfully.
    case completed
    /// Given up: attempts exhausted or a permanent error.
    case discarded
    /// Cancelled before or while running.
    case cancelled

    /// `true` for states a job never leaves on its own.
    public var isFinal: Bool { self == .completed || self == .discarded || self == .cancelled }
}
