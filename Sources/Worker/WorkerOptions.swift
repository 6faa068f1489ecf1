import Foundation

/// How a ``JobWorker`` runs.
public struct WorkerOptions: Sendable {
    /// Jobs running at once.
    public var concurrency: Int
    /// Extra claimed jobs held locally, ready for the next free slot.
    public var bufferSize: Int
    /// A busy worker claims only when at least this many jobs fit (default a quarter of
    /// concurrency + buffer); an idle one claims at once.
    public var claimThreshold: Int
    /// Queues served, claimed in this order.
    public var queues: [String]
    /// Lease length; heartbeats renew it every third of it.
    public var leaseDuration: Duration
    /// Time running jobs get to finish after shutdown begins before they are cancelled and released.
    public var shutdownTimeout: Duration
    /// Backstop polling interval when no NOTIFY arrives.
    public var pollInterval: Duration
    /// How often this worker looks for expired leases of dead workers.
    public var rescueInterval: Duration
    /// Longest wait before buffered completions are written.
    public var completionFlushInterval: Duration
    /// Completions written per statement at most.
    public var completionBatchSize: Int
    /// Recorded as `attempted_by` on the jobs this worker runs.
    public var workerID: String
    /// Longest wait for one engine query (claim, heartbeat, completion…) before it counts as failed.
    public var queryTimeout: Duration
    /// How long an attempt that was asked to stop (timeout, cancellation, lost lease, shutdown)
    /// may ignore it before it is abandoned.
    public var abandonAfter: Duration

    /// Creates options with production defaults.
    public init(
        concurrency: Int = 10, bufferSize: Int? = nil, queues: [String] = ["default"], leaseDuration: Duration = .seconds(30),
        shutdownTimeout: Duration = .seconds(25), pollInterval: Duration = .seconds(1), rescueInterval: Duration = .seconds(2),
        completionFlushInterval: Duration = .milliseconds(50), completionBatchSize: Int = 500, workerID: String? = nil,
        queryTimeout: Duration = .seconds(30), abandonAfter: Duration = .seconds(5)
    ) {
        self.queryTimeout = queryTimeout
        self.abandonAfter = abandonAfter
        self.concurrency = max(1, concurrency)
        self.bufferSize = max(0, bufferSize ?? concurrency)
        self.claimThreshold = max(1, (self.concurrency + self.bufferSize) / 4)
        self.queues = queues
        self.leaseDuration = leaseDuration
        self.shutdownTimeout = shutdownTimeout
        self.pollInterval = pollInterval
        self.rescueInterval = rescueInterval
        self.completionFlushInterval = completionFlushInterval
        self.completionBatchSize = completionBatchSize
        self.workerID = workerID ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt16.random(in: 0...UInt16.max))"
    }
}
