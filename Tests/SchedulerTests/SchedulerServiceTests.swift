import Core
import Foundation
import Jobs
import Logging
import PostgresNIO
import Scheduler
import TestSupport
import Testing

@Suite struct SchedulerServiceTests {
    func schedule(_ cron: String, catchUp: Schedule.CatchUp = .latest) throws -> Schedule {
        Schedule(name: "probe", cron: try CronExpression(cron), job: try NewJob(kind: "probe", jsonArgs: "{}"), catchUp: catchUp)
    }

    func count(_ db: TestDatabase, _ query: PostgresQuery) async throws -> Int64 {
        for try await value in try await db.client.query(query, logger: db.logger).decode(Int64.self) { return value }
        return 0
    }

    @Test func threeReplicasEnqueueEachPerSecondTickExactlyOnce() async throws {
        try await TestDatabase.with(poolSize: 30) { db in
            let queue = JobQueue(client: db.client, logger: db.logger)
            let every = try schedule("* * * * * *")
            let replicas = (0..<3).map { _ in
                SchedulerService(queue: queue, schedules: [every], maxInterval: .milliseconds(100), logger: db.logger)
            }
            let tasks = replicas.map { replica in Task { try await replica.run() } }
            // At least three ticks, however loaded the machine is (bounded wait).
            let deadline = ContinuousClock.now + .seconds(30)
            try await Task.sleep(for: .seconds(3))
            while try await count(db, "SELECT count(*)::int8 FROM scheduled_ticks WHERE schedule = 'probe'") < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            for task in tasks { task.cancel() }
            for task in tasks { _ = try? await task.value }

            let ticks = try await count(db, "SELECT count(*)::int8 FROM scheduled_ticks WHERE schedule = 'probe'")
            let jobs = try await count(db, "SELECT count(*)::int8 FROM background_jobs WHERE kind = 'probe'")
            let distinctJobs = try await count(db, "SELECT count(DISTINCT job_id)::int8 FROM scheduled_ticks WHERE schedule = 'probe'")
            #expect(ticks >= 3)
            #expect(jobs == ticks)
            #expect(distinctJobs == ticks)
            // Consecutive ticks are one second apart: none skipped, none doubled.
            let gaps = try await count(db, """
                SELECT count(*)::int8 FROM (
                    SELECT tick - lag(tick) OVER (ORDER BY tick) AS gap FROM scheduled_ticks WHERE schedule = 'probe'
                ) g WHERE gap IS NOT NULL AND gap <> interval '1 second'
                """)
            #expect(gaps == 0)
        }
    }

    @Test(arguments: [(Schedule.CatchUp.all, Int64(10)), (.latest, 1), (.none, 0)])
    func catchUpAfterDowntimeFollowsThePolicy(_ policy: Schedule.CatchUp, _ expected: Int64) async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(client: db.client, logger: db.logger)
            var now = Date()
            for try await value in try await db.client.query("SELECT now()", logger: db.logger).decode(Date.self) { now = value }
            let minute = try CronExpression("* * * * *")
            // The last tick enqueued was ten minutes ago: ten ticks were missed while no scheduler ran.
            let lastRun = try #require(minute.previous(atOrBefore: now.addingTimeInterval(-600)))
            try await db.client.query("INSERT INTO scheduled_ticks (schedule, tick) VALUES ('probe', \(lastRun))", logger: db.logger)
            let service = SchedulerService(queue: queue, schedules: [try schedule("* * * * *", catchUp: policy)], misfireGrace: 0, logger: db.logger)
            let passTime = try await service.tick()
            // Ten ticks were missed, eleven if a minute boundary passed since `now` was read.
            let missed = Int64(minute.ticks(after: lastRun, through: passTime).count)
            let jobs = try await count(db, "SELECT count(*)::int8 FROM background_jobs WHERE kind = 'probe'")
            #expect(jobs == (policy == .all ? missed : expected))
            // A second pass finds nothing more to do, unless a new minute began in between.
            let secondPass = try await service.tick()
            if minute.ticks(after: passTime, through: secondPass).isEmpty {
                #expect(try await count(db, "SELECT count(*)::int8 FROM background_jobs WHERE kind = 'probe'") == jobs)
            }
        }
    }

    @Test func ticksThatAreOnlyLateAreAllEnqueuedWhateverThePolicy() async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(client: db.client, logger: db.logger)
            var now = Date()
            for try await value in try await db.client.query("SELECT now()", logger: db.logger).decode(Date.self) { now = value }
            let second = try CronExpression("* * * * * *")
            // A slow pass: the last tick enqueued is 5 s old, well inside the 60 s misfire grace.
            let lastRun = try #require(second.previous(atOrBefore: now.addingTimeInterval(-5)))
            try await db.client.query("INSERT INTO scheduled_ticks (schedule, tick) VALUES ('probe', \(lastRun))", logger: db.logger)
            let service = SchedulerService(queue: queue, schedules: [try schedule("* * * * * *", catchUp: .latest)], logger: db.logger)
            try await service.tick()
            let jobs = try await count(db, "SELECT count(*)::int8 FROM background_jobs WHERE kind = 'probe'")
            #expect(jobs >= 5)
        }
    }

    @Test func aScheduleSeenForTheFirstTimeDoesNotBackfill() async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(client: db.client, logger: db.logger)
            let service = SchedulerService(queue: queue, schedules: [try schedule("* * * * * *")], logger: db.logger)
            try await service.tick()
            #expect(try await count(db, "SELECT count(*)::int8 FROM background_jobs WHERE kind = 'probe'") <= 1)
            let nightly = SchedulerService(
                queue: queue, schedules: [Schedule(name: "nightly", cron: try CronExpression("0 0 1 1 *"), job: try NewJob(kind: "nightly", jsonArgs: "{}"))],
                logger: db.logger
            )
            try await nightly.tick()
            #expect(try await count(db, "SELECT count(*)::int8 FROM background_jobs WHERE kind = 'nightly'") == 0)
        }
    }

    @Test func aTickClaimedByAnotherReplicaIsNotEnqueuedAgain() async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(client: db.client, logger: db.logger)
            let service = SchedulerService(queue: queue, schedules: [], logger: db.logger)
            let tick = Date(timeIntervalSince1970: 1_800_000_000)
            let probe = try schedule("* * * * *")
            #expect(try await service.claimAndEnqueue(probe, tick: tick) != nil)
            #expect(try await service.claimAndEnqueue(probe, tick: tick) == nil)
            #expect(try await count(db, "SELECT count(*)::int8 FROM background_jobs") == 1)
        }
    }

    @Test func defaultSchedulesHonourOverridesAndRejectBadCron() throws {
        let utc = TimeZone(identifier: "UTC")!
        let defaults = try Schedule.defaults(overrides: [:], timeZone: utc)
        #expect(defaults.map(\.name) == ["expire_interviews", "reset_api_quotas", "purge_recordings", "sweep_recording_uploads", "prune_jobs"])
        #expect(defaults.map(\.cron.description) == ["0 0 * * *", "0 0 * * *", "0 3 * * *", "30 * * * *", "0 * * * *"])
        let changed = try Schedule.defaults(overrides: ["prune_jobs": "*/5 * * * *", "purge_recordings": "off"], timeZone: utc)
        #expect(changed.map(\.name) == ["expire_interviews", "reset_api_quotas", "sweep_recording_uploads", "prune_jobs"])
        #expect(changed.last?.cron.description == "*/5 * * * *")
        #expect(throws: ScheduleError.self) { try Schedule.defaults(overrides: ["prune_jobs": "61 * * * *"], timeZone: utc) }
    }
}
