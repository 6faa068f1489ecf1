public import Foundation
public import Jobs
public import Logging
import PostgresNIO
public import ServiceLifecycle

/// Enqueues periodic jobs exactly once per tick, with any number of replicas and no leader.
///
/// Each tick is claimed by inserting `(schedule, tick)` into `scheduled_ticks` in the same
/// transaction as the job it enqueues. Replicas racing for a tick block on the primary key; the
/// loser's insert does nothing, so it enqueues nothing. A crash before commit leaves neither row,
/// so the tick is enqueued by the next pass. Due ticks are computed against the database clock.
public final class SchedulerService: Service, Sendable {
    let queue: JobQueue
    let schedules: [Schedule]
    let logger: Logger
    /// Longest sleep between passes.
    let maxInterval: Duration
    /// A tick older than this when a pass sees it counts as missed (catch-up policy applies);
    /// a younger one is only late and is always enqueued.
    let misfireGrace: TimeInterval

    /// Creates the service.
    public init(queue: JobQueue, schedules: [Schedule], maxInterval: Duration = .seconds(1), misfireGrace: TimeInterval = 60, logger: Logger) {
        self.queue = queue
        self.schedules = schedules
        self.logger = logger
        self.maxInterval = maxInterval
        self.misfireGrace = misfireGrace
    }

    /// Runs passes until graceful shutdown.
    public func run() async throws {
        logger.info("scheduler started", metadata: ["schedules": "\(schedules.map { "\($0.name)=\($0.cron)" })"])
        await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                var sleep = self.maxInterval
                do {
                    let now = try await self.tick()
                    failures = 0
                    if let next = self.schedules.compactMap({ $0.cron.next(after: now) }).min() {
                        let until = Duration.milliseconds(Int64(max(next.timeIntervalSince(now), 0) * 1000) + 2)
                        sleep = min(sleep, max(until, .milliseconds(5)))
                    }
                } catch {
                    if Task.isCancelled { break }
                    failures += 1
                    self.logger.warning("scheduler pass failed", metadata: ["error": "\(String(reflecting: error))"])
                    sleep = .milliseconds(min(200 * (1 << min(failures, 4)), 5_000))
                }
                try? await Task.sleep(for: sleep)
            }
        }
        logger.info("scheduler stopped")
    }

    /// One pass over every schedule; returns the database time it used.
    @discardableResult
    public func tick() async throws -> Date {
        var now = Date()
        for try await dbNow in try await queue.client.query("SELECT now()", logger: logger).decode(Date.self) { now = dbNow }
        for schedule in schedules {
            try await run(schedule, now: now)
        }
        return now
    }

    func run(_ schedule: Schedule, now: Date) async throws {
        var last: Date?
        for try await value in try await queue.client.query(
            "SELECT max(tick) FROM scheduled_ticks WHERE schedule = \(schedule.name)", logger: logger
        ).decode(Date?.self) {
            last = value
        }
        let due: [Date]
        if let last {
            due = schedule.cron.ticks(after: last, through: now, limit: 1000)
        } else {
            // A schedule's first pass ever: no backfill, only a tick that is due right now.
            guard let latest = schedule.cron.previous(atOrBefore: now), now.timeIntervalSince(latest) <= min(misfireGrace, 5) else {
                return
            }
            due = [latest]
        }
        guard !due.isEmpty else { return }
        // A tick at most `misfireGrace` old is merely late (a busy machine, a slow pass) and is
        // always enqueued; older ones were missed while no scheduler ran, and the policy decides.
        let recent = due.filter { now.timeIntervalSince($0) <= misfireGrace }
        let toEnqueue: [Date]
        var skippedMarker: Date?
        switch schedule.catchUp {
        case .all:
            toEnqueue = due
        case .latest:
            toEnqueue = recent.isEmpty ? [due[due.count - 1]] : recent
        case .none:
            toEnqueue = recent
            if toEnqueue.isEmpty { skippedMarker = due.last }
        }
        if let marker = skippedMarker {
            try await queue.client.query(
                "INSERT INTO scheduled_ticks (schedule, tick) VALUES (\(schedule.name), \(marker)) ON CONFLICT DO NOTHING",
                logger: logger
            )
            logger.notice("missed ticks skipped", metadata: ["schedule": "\(schedule.name)", "count": "\(due.count)"])
            return
        }
        for tick in toEnqueue {
            try await claimAndEnqueue(schedule, tick: tick)
        }
    }

    /// Claims `tick` in the ledger and enqueues its job in one transaction; returns the job id, or
    /// `nil` when another replica had the tick.
    @discardableResult
    public func claimAndEnqueue(_ schedule: Schedule, tick: Date) async throws -> Int64? {
        try await queue.client.withTransaction(logger: logger) { connection in
            var claimed = false
            for try await _ in try await connection.query(
                "INSERT INTO scheduled_ticks (schedule, tick) VALUES (\(schedule.name), \(tick)) ON CONFLICT DO NOTHING RETURNING tick",
                logger: logger
            ) { claimed = true }
            guard claimed else { return nil }
            var job = schedule.job
            job.options.tags.append("schedule:\(schedule.name)")
            let result = try await queue.enqueue(batch: [job], on: connection)[0]
            try await connection.query(
                "UPDATE scheduled_ticks SET job_id = \(result.id) WHERE schedule = \(schedule.name) AND tick = \(tick)",
                logger: logger
            )
            logger.info("scheduled job enqueued", metadata: [
                "schedule": "\(schedule.name)", "tick": "\(tick)", "job_id": "\(result.id)",
            ])
            return result.id
        }
    }
}
