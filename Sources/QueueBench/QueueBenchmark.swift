import Core
import Foundation
import Jobs
public import Logging
public import PostgresNIO
import Synchronization
import Worker

/// Measures the job engine against a PostgreSQL database: bulk enqueue, burn-down, pickup latency
/// on an idle queue, steady state, and burn-down with a large finished history.
///
/// Every phase counts completions in the database, never in the handler. The database's
/// `background_jobs` table is emptied before each phase; run it against a disposable database.
public struct QueueBenchmark: Sendable {
    /// Settings of a run.
    public struct Options: Sendable {
        /// Jobs for burn-down and bulk enqueue.
        public var jobs = 100_000
        /// Single jobs measured for pickup latency.
        public var pickupSamples = 500
        /// Duration of the steady-state phase.
        public var steadySeconds = 10
        /// Finished rows kept in the table for the history phase.
        public var historyRows = 1_000_000
        /// Worker instances (each with its own LISTEN connection) in this process.
        public var workers = 2
        /// Concurrency of each worker.
        public var concurrency = 250
        /// Jobs per enqueue statement for the bulk phase.
        public var enqueueBatch = 5_000
        /// Steady state: most jobs enqueued but not yet started (the peers' drivers default to
        /// 2 × processes × batch = 800 for PgQueuer).
        public var maxBacklog = 800
        /// Creates default options.
        public init() {}
    }

    let client: PostgresClient
    let url: DatabaseURL
    let options: Options
    let logger: Logger

    /// A benchmark over `client` (running) connected to `url`.
    public init(client: PostgresClient, url: DatabaseURL, options: Options, logger: Logger) {
        self.client = client
        self.url = url
        self.options = options
        self.logger = logger
    }

    var queue: JobQueue { JobQueue(client: client, logger: logger) }

    func scalar(_ query: PostgresQuery) async throws -> Int64 {
        for try await value in try await client.query(query, logger: logger).decode(Int64.self) { return value }
        return 0
    }

    /// Empties the queue table and refreshes statistics, then checkpoints so phases start equal.
    func reset(keepHistory: Bool = false) async throws {
        if keepHistory {
            try await client.query("DELETE FROM background_jobs WHERE state <> 'completed' OR attempted_by IS DISTINCT FROM 'history'", logger: logger)
        } else {
            try await client.query("TRUNCATE background_jobs", logger: logger)
        }
        try await settle()
    }

    func settle() async throws {
        try await client.query("VACUUM ANALYZE background_jobs", logger: logger)
        try await client.query("CHECKPOINT", logger: logger)
    }

    func workers(registry: JobRegistry, count: Int, concurrency: Int) -> [JobWorker] {
        let url = self.url
        let logger = self.logger
        return (0..<count).map { index in
            JobWorker(
                queue: queue, registry: registry,
                options: WorkerOptions(concurrency: concurrency, pollInterval: .milliseconds(200), workerID: "bench-\(index)"),
                listenConnection: { try await url.connect(logger: logger) },
                logger: logger
            )
        }
    }

    func enqueueNoops(_ count: Int) async throws {
        var remaining = count
        while remaining > 0 {
            let size = min(options.enqueueBatch, remaining)
            try await queue.enqueue(batch: try NewJob.batch(Array(repeating: BenchNoop(), count: size)))
            remaining -= size
        }
    }

    /// Bulk enqueue: `jobs` no-op jobs in batches, over two connections at once.
    public func bulk() async throws -> BenchResult {
        try await reset()
        let started = ContinuousClock.now
        let half = options.jobs / 2
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.enqueueNoops(half) }
            group.addTask { try await self.enqueueNoops(self.options.jobs - half) }
            try await group.waitForAll()
        }
        let seconds = (ContinuousClock.now - started).seconds
        let counted = try await scalar("SELECT count(*)::int8 FROM background_jobs")
        return BenchResult(
            phase: "bulk", jobs: Int(counted), seconds: seconds, jobsPerSecond: Double(counted) / seconds,
            settings: ["batch": String(options.enqueueBatch), "connections": "2"]
        )
    }

    /// Burn-down: `jobs` pre-enqueued, workers started, time until all are completed.
    public func burndown(phase: String = "burndown", keepHistory: Bool = false) async throws -> BenchResult {
        try await reset(keepHistory: keepHistory)
        try await enqueueNoops(options.jobs)
        try await settle()
        var registry = JobRegistry()
        registry.register(BenchNoop.self) { _, _ in }
        let fleet = workers(registry: registry, count: options.workers, concurrency: options.concurrency)
        let started = ContinuousClock.now
        let tasks = fleet.map { worker in Task { try await worker.run() } }
        // Polls the small partial indexes (unfinished rows), never the history.
        // Stops at the first unfinished row it finds: the poll itself costs the server little.
        while try await scalar("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM background_jobs WHERE state IN ('available', 'scheduled', 'retryable') AND queue = 'default')
                          OR EXISTS (SELECT 1 FROM background_jobs WHERE state = 'running') THEN 1 ELSE 0 END::int8
            """) > 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = (ContinuousClock.now - started).seconds
        for worker in fleet { worker.triggerShutdown() }
        for task in tasks { try await task.value }
        let completed = try await scalar(
            "SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed' AND attempted_by LIKE 'bench-%'"
        )
        guard completed == Int64(options.jobs) else {
            throw BenchError("burn-down finished with \(completed) of \(options.jobs) jobs completed")
        }
        return BenchResult(
            phase: phase, jobs: options.jobs, seconds: seconds, jobsPerSecond: Double(options.jobs) / seconds,
            settings: ["workers": String(options.workers), "concurrency": String(options.concurrency)]
        )
    }

    /// Pickup latency: enqueue commit (returned to the client) → handler start, for single jobs on
    /// an idle queue, one at a time.
    public func pickup() async throws -> BenchResult {
        try await reset()
        let (starts, continuation) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        var registry = JobRegistry()
        registry.register(BenchNoop.self) { _, _ in continuation.yield(ContinuousClock.now) }
        let fleet = workers(registry: registry, count: 1, concurrency: 10)
        let tasks = fleet.map { worker in Task { try await worker.run() } }
        try await Task.sleep(for: .milliseconds(500))
        var latencies: [Double] = []
        let begin = ContinuousClock.now
        var iterator = starts.makeAsyncIterator()
        for _ in 0..<options.pickupSamples {
            try await queue.enqueue(BenchNoop())
            let committed = ContinuousClock.now
            guard let handlerStarted = await iterator.next() else { break }
            latencies.append((handlerStarted - committed).seconds * 1000)
            try await Task.sleep(for: .milliseconds(2))
        }
        let seconds = (ContinuousClock.now - begin).seconds
        for worker in fleet { worker.triggerShutdown() }
        for task in tasks { try await task.value }
        continuation.finish()
        return BenchResult(
            phase: "pickup", jobs: latencies.count, seconds: seconds, latencies: latencies,
            settings: ["wakeup": "LISTEN/NOTIFY", "poll": "200ms backstop"]
        )
    }

    /// Steady state: producers and workers at once for a fixed time; completed jobs per second
    /// and enqueue → start latency.
    public func steady() async throws -> BenchResult {
        try await reset()
        let latencies = Mutex<[Double]>([])
        let started = Tally()
        var registry = JobRegistry()
        registry.register(BenchNoop.self) { job, _ in
            let now = Int64(Date().timeIntervalSince1970 * 1e9)
            let latency = Double(now - job.t) / 1e6
            latencies.withLock { $0.append(latency) }
            started.add(1)
        }
        let fleet = workers(registry: registry, count: options.workers, concurrency: options.concurrency)
        let tasks = fleet.map { worker in Task { try await worker.run() } }
        try await Task.sleep(for: .milliseconds(300))
        let before = try await scalar("SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed'")
        let begin = ContinuousClock.now
        let deadline = begin + .seconds(options.steadySeconds)
        let queue = self.queue
        let enqueued = Tally()
        let backlogLimit = options.maxBacklog
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        // Producers stay at most a few batches ahead of the workers, so latency
                        // measures the engine rather than an ever-growing backlog.
                        if enqueued.value - started.value > backlogLimit {
                            try await Task.sleep(for: .microseconds(200))
                            continue
                        }
                        let now = Int64(Date().timeIntervalSince1970 * 1e9)
                        try await queue.enqueue(batch: try NewJob.batch(Array(repeating: BenchNoop(t: now), count: 100)))
                        enqueued.add(100)
                    }
                }
            }
            try await group.waitForAll()
        }
        let after = try await scalar("SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed'")
        let seconds = (ContinuousClock.now - begin).seconds
        for worker in fleet { worker.triggerShutdown() }
        for task in tasks { try await task.value }
        let completed = Int(after - before)
        return BenchResult(
            phase: "steady", jobs: completed, seconds: seconds, jobsPerSecond: Double(completed) / seconds,
            latencies: latencies.withLock { $0 },
            settings: [
                "producers": "2", "producer_batch": "100", "max_backlog": String(backlogLimit),
                "workers": String(options.workers), "concurrency": String(options.concurrency),
            ]
        )
    }

    /// Burn-down again with `historyRows` completed jobs retained in the table.
    public func burndownWithHistory() async throws -> BenchResult {
        try await client.query("TRUNCATE background_jobs", logger: logger)
        try await client.query("""
            INSERT INTO background_jobs (state, kind, args, attempt, lease, attempted_at, finalized_at, attempted_by, run_at, created_at)
            SELECT 'completed', 'bench_noop', '{"t":0}', 1, 1, now(), now(), 'history', now(), now()
            FROM generate_series(1, \(Int64(options.historyRows)))
            """, logger: logger)
        return try await burndown(phase: "burndown_history", keepHistory: true)
    }
}

/// A benchmark phase that could not be measured honestly.
public struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}

/// A shared counter.
final class Tally: Sendable {
    private let count = Atomic<Int>(0)
    func add(_ n: Int) { count.add(n, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
