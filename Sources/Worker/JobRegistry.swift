public import Jobs

/// The handlers a worker process knows, one per job kind.
public struct JobRegistry: Sendable {
    /// One kind's handler and its limits.
    public struct Entry: Sendable {
        /// Longest an attempt may run before it is cancelled and counted as failed.
        public let timeout: Duration
        /// Backoff between attempts.
        public let retry: RetryPolicy
        let run: @Sendable (ClaimedJob, JobContext) async throws -> Void
    }

    private var entries: [String: Entry] = [:]

    /// An empty registry.
    public init() {}

    /// Registers `handler` for `A.kind`, replacing any earlier one.
    public mutating func register<A: JobArguments>(
        _ type: A.Type, timeout: Duration = .seconds(300), retry: RetryPolicy = RetryPolicy(),
        handler: @escaping @Sendable (A, JobContext) async throws -> Void
    ) {
        entries[A.kind] = Entry(timeout: timeout, retry: retry) { job, context in
            let arguments: A
            do {
                arguments = try job.decode(A.self)
            } catch {
                throw PermanentJobError("\(error)")
            }
            try await handler(arguments, context)
        }
    }

    /// The handler of `kind`, if registered.
    public func entry(for kind: String) -> Entry? { entries[kind] }

    /// Kinds with a handler.
    public var kinds: [String] { entries.keys.sorted() }
}
