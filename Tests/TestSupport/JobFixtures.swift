import Core
import Foundation
import Jobs
import Logging
import PostgresNIO
import Worker

/// A job kind used only by tests.
public struct Probe: JobArguments, Equatable {
    /// `test_probe`.
    public static let kind = "test_probe"
    /// A number to tell jobs apart.
    public var n: Int
    /// The unique key, if any.
    public var key: String?
    /// ``key``.
    public var uniqueKey: String? { key }
    /// A probe numbered `n`.
    public init(n: Int, key: String? = nil) {
        self.n = n
        self.key = key
    }
}

extension TestDatabase {
    /// The job queue on this database.
    public var queue: JobQueue { JobQueue(client: client, logger: logger) }

    /// Runs a SQL statement returning one integer.
    public func int(_ query: PostgresQuery) async throws -> Int64 {
        for try await value in try await client.query(query, logger: logger).decode(Int64.self) { return value }
        return 0
    }

    /// A worker over this database with test-friendly timings.
    public func worker(
        registry: JobRegistry, concurrency: Int = 8, lease: Duration = .seconds(5), shutdownTimeout: Duration = .seconds(5),
        poll: Duration = .milliseconds(200), rescue: Duration = .milliseconds(200), listen: Bool = true, id: String? = nil
    ) -> JobWorker {
        let url = self.url
        let logger = self.logger
        let options = WorkerOptions(
            concurrency: concurrency, leaseDuration: lease, shutdownTimeout: shutdownTimeout, pollInterval: poll,
            rescueInterval: rescue, workerID: id
        )
        var connect: (@Sendable () async throws -> PostgresConnection)? = nil
        if listen {
            connect = { try await url.connect(logger: logger) }
        }
        return JobWorker(queue: queue, registry: registry, options: options, listenConnection: connect, logger: logger)
    }

    /// The platform's own worker over this database: every job kind the platform registers
    /// (`JobRegistry.vantaHire`), on the `default` queue, its logs silenced.
    public func platformWorker(_ platform: Platform, concurrency: Int = 2) throws -> JobWorker {
        let url = self.url
        var logger = Logger(label: "test.worker")
        logger.logLevel = .critical
        return JobWorker(
            queue: queue, registry: try JobRegistry.vantaHire(platform: platform, queue: queue),
            options: WorkerOptions(concurrency: concurrency, queues: ["default"], leaseDuration: .seconds(30), shutdownTimeout: .seconds(5)),
            listenConnection: { [logger] in try await url.connect(applicationName: "test-listen", logger: logger) }, logger: logger
        )
    }

    /// The state of job `id`.
    public func state(of id: Int64) async throws -> JobState? {
        try await queue.job(id: id)?.state
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
public func eventually(timeout: Duration = .seconds(20), _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(25))
    }
    return try await condition()
}

/// Runs `worker` in the background for the duration of `body`, then shuts it down gracefully.
public func running<T: Sendable>(_ workers: [JobWorker], _ body: @Sendable () async throws -> T) async throws -> T {
    let tasks = workers.map { worker in Task { try await worker.run() } }
    do {
        let result = try await body()
        for worker in workers { worker.triggerShutdown() }
        for task in tasks { try await task.value }
        return result
    } catch {
        for worker in workers { worker.triggerShutdown() }
        for task in tasks { _ = try? await task.value }
        throw error
    }
}
