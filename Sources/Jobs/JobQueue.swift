public import Logging
public import PostgresNIO

/// The durable job queue in PostgreSQL: enqueue, claim, finish, rescue, cancel, prune.
///
/// Every state transition is one SQL statement. Writes made on behalf of a running attempt are
/// fenced by `(id, lease, state = 'running')`, so a worker that lost its lease (rescued, cancelled,
/// released) changes nothing. Operations live in extensions by concern:
/// `JobQueue+Enqueue`, `JobQueue+Claim`, `JobQueue+Finish`, `JobQueue+Maintenance`, `JobQueue+Inspect`.
public struct JobQueue: Sendable {
    /// The NOTIFY channel that announces new available jobs; the payload is the queue name.
    public static let wakeChannel = "vantahire_jobs"
    /// The NOTIFY channel that asks workers to cancel a running job; the payload is its id.
    public static let cancelChannel = "vantahire_job_cancel"

    /// The pool every operation runs on (unless given a connection).
    public let client: PostgresClient
    /// Logger for queries.
    public let logger: Logger

    /// A queue over `client` (which must be running).
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }
}
