/// The arguments of one kind of background job.
///
/// A job kind is a `Codable & Sendable` type with a static ``kind`` name; enqueuing a value stores
/// it as JSON, and the worker decodes it back for the kind's handler.
public protocol JobArguments: Codable, Sendable {
    /// The stable name stored in `background_jobs.kind` (e.g. `send_invite_email`).
    static var kind: String { get }
    /// Options used when the caller gives none (queue, priority, attempts).
    static var defaultOptions: EnqueueOptions { get }
    /// A key that keeps at most one unfinished job with these arguments, or `nil`.
    var uniqueKey: String? { get }
}

extension JobArguments {
    /// Default queue, priority 2, 20 attempts.
    public static var defaultOptions: EnqueueOptions { EnqueueOptions() }
    /// No uniqueness.
    public var uniqueKey: String? { nil }
}
