public import Foundation

/// A whole `background_jobs` row, for operators (`vantahire jobs show`) and tests.
public struct JobRecord: Sendable, Codable, Equatable {
    /// Row id.
    public var id: Int64
    /// Current state.
    public var state: JobState
    /// Queue.
    public var queue: String
    /// Kind.
    public var kind: String
    /// Arguments as JSON text.
    public var args: String
    /// Priority 1–4.
    public var priority: Int
    /// Attempts used.
    public var attempt: Int
    /// Attempts allowed.
    public var maxAttempts: Int
    /// Current lease token.
    public var lease: Int64
    /// Next or last run time.
    public var runAt: Date
    /// Enqueue time.
    public var createdAt: Date
    /// Start of the last attempt.
    public var attemptedAt: Date?
    /// When the job reached a final state.
    public var finalizedAt: Date?
    /// Worker of the last attempt.
    public var attemptedBy: String?
    /// Labels.
    public var tags: [String]
    /// Uniqueness key.
    public var uniqueKey: String?
    /// Errors of failed attempts, oldest first.
    public var errors: [AttemptError]
}

/// One failed attempt, as recorded on the job.
public struct AttemptError: Sendable, Codable, Equatable {
    /// Attempt number.
    public var attempt: Int
    /// When it failed (database clock, ISO-8601).
    public var at: String
    /// The error message.
    public var error: String
    /// The worker that ran the attempt.
    public var worker: String?
}
