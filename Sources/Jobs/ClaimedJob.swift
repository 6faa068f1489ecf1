public import Foundation

/// A job a worker has claimed: its arguments and the lease that fences every later write.
public struct ClaimedJob: Sendable, Equatable {
    /// Row id.
    public let id: Int64
    /// Fencing token: every completion, failure or snooze must present it.
    public let lease: Int64
    /// Job kind name.
    public let kind: String
    /// Arguments as JSON text.
    public let args: String
    /// This attempt's number (1 on the first run).
    public let attempt: Int
    /// Attempts allowed before the job is discarded.
    public let maxAttempts: Int
    /// Queue it came from.
    public let queue: String
    /// Priority 1–4.
    public let priority: Int
    /// When it was enqueued.
    public let createdAt: Date
    /// When it became runnable (queue latency is measured from here).
    public let runAt: Date
    /// When this attempt started, by the database clock.
    public let attemptedAt: Date

    /// Creates a value (tests and decoding).
    public init(
        id: Int64, lease: Int64, kind: String, args: String, attempt: Int, maxAttempts: Int, queue: String,
        priority: Int, createdAt: Date, runAt: Date, attemptedAt: Date
    ) {
        self.id = id
        self.lease = lease
        self.kind = kind
        self.args = args
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.queue = queue
        self.priority = priority
        self.createdAt = createdAt
        self.runAt = runAt
        self.attemptedAt = attemptedAt
    }

    /// The id and lease, which together identify this attempt.
    public var fence: JobFence { JobFence(id: id, lease: lease) }

    /// Decodes the arguments as `A`.
    public func decode<A: JobArguments>(_ type: A.Type) throws -> A {
        do {
            return try JSONDecoder.jobs.decode(A.self, from: Data(args.utf8))
        } catch {
            throw JobQueueError(.invalidArguments, "arguments of job \(id) are not valid \(A.kind): \(error)")
        }
    }
}

/// A job id with the lease of one attempt.
public struct JobFence: Sendable, Hashable {
    /// Row id.
    public let id: Int64
    /// Lease token.
    public let lease: Int64
    /// Creates a fence.
    public init(id: Int64, lease: Int64) {
        self.id = id
        self.lease = lease
    }
}

extension JSONDecoder {
    /// The decoder for job arguments (ISO-8601 dates).
    public static var jobs: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension JSONEncoder {
    /// The encoder for job arguments (ISO-8601 dates, sorted keys).
    public static var jobs: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
