public import Foundation
public import Logging

/// What a handler knows about the attempt it runs.
///
/// Cancellation is cooperative: the handler's task is cancelled when the job is cancelled, its
/// lease is lost, its timeout passes, or the worker's shutdown deadline passes; long handlers
/// should call `try Task.checkCancellation()` between steps.
public struct JobContext: Sendable {
    /// Job id.
    public let id: Int64
    /// Kind name.
    public let kind: String
    /// This attempt's number (1 on the first run).
    public let attempt: Int
    /// Attempts allowed.
    public let maxAttempts: Int
    /// Queue the job came from.
    public let queue: String
    /// When the job was enqueued.
    public let enqueuedAt: Date
    /// Logger with the job's id and kind as metadata.
    public let logger: Logger

    /// Creates a context.
    public init(id: Int64, kind: String, attempt: Int, maxAttempts: Int, queue: String, enqueuedAt: Date, logger: Logger) {
        self.id = id
        self.kind = kind
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.queue = queue
        self.enqueuedAt = enqueuedAt
        self.logger = logger
    }

    /// `true` on the last attempt (a failure now discards the job).
    public var isLastAttempt: Bool { attempt >= maxAttempts }
}
