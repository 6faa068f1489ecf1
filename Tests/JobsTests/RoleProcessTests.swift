import Core
import Foundation
import Jobs
import Logging
import PostgresNIO
import TestSupport
import Testing

/// The real `vantahire worker` and `vantahire scheduler` processes, signalled like a platform would.
@Suite struct RoleProcessTests {
    func environment(_ db: TestDatabase, _ extra: [String: String] = [:]) -> [String: String] {
        var env = ["DATABASE_URL": db.url.urlString, "LOG_LEVEL": "error", "NODE_ENV": "test"]
        for (key, value) in extra { env[key] = value }
        return env
    }

    func startProcess(_ arguments: [String], _ env: [String: String]) throws -> Process {
        let process = try Executable.start(arguments, environment: env)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func waitForExit(_ process: Process, timeout: Duration = .seconds(30)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    @Test func jobsOfAWorkerKilledWithSIGKILLAreRescuedAndCompletedByAnother() async throws {
        try await TestDatabase.with { db in
            try await db.queue.enqueue(batch: try (0..<3000).map { _ in try NewJob(ResetAPIQuotas()) })
            let env = environment(db, ["WORKER_CONCURRENCY": "4", "JOB_LEASE_SECONDS": "2"])
            let victim = try startProcess(["worker"], env)
            let started = try await eventually {
                try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed'") >= 100
            }
            #expect(started)
            kill(victim.processIdentifier, SIGKILL)
            _ = try await waitForExit(victim)
            let orphaned = try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE state = 'running'")
            let survivor = try startProcess(["worker"], env)
            let finished = try await eventually(timeout: .seconds(60)) {
                try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed'") == 3000
            }
            survivor.terminate()
            #expect(try await waitForExit(survivor) == 0)
            #expect(finished)
            #expect(orphaned > 0, "the kill should have caught jobs mid-flight")
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE jsonb_array_length(errors) > 0") == orphaned)
        }
    }

    @Test func sigtermDrainsTheWorkerAndExitsZero() async throws {
        try await TestDatabase.with { db in
            try await db.queue.enqueue(batch: try (0..<2000).map { _ in try NewJob(ResetAPIQuotas()) })
            let worker = try startProcess(["worker"], environment(db, ["WORKER_CONCURRENCY": "4"]))
            let busy = try await eventually {
                try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed'") >= 50
            }
            #expect(busy)
            worker.terminate()
            #expect(try await waitForExit(worker) == 0)
            // Nothing is left holding a lease: finished, or handed back for another worker.
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE state = 'running'") == 0)
        }
    }

    @Test func sigtermStopsAWorkerWithRedisAndItsClientAndExitsZero() async throws {
        try await RedisServerProcess.withServer { redis in
            try await TestDatabase.with { db in
                try await db.queue.enqueue(batch: try (0..<500).map { _ in try NewJob(ResetAPIQuotas()) })
                let worker = try startProcess(["worker"], environment(db, ["WORKER_CONCURRENCY": "4", "REDIS_URL": redis.url]))
                let busy = try await eventually {
                    try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed'") >= 50
                }
                #expect(busy)
                // The Redis client is a service of the role's group: the group stops it after the
                // worker has drained, and the process exits (a client that never stopped would hang it).
                worker.terminate()
                #expect(try await waitForExit(worker) == 0)
            }
        }
    }

    @Test func threeSchedulerProcessesEnqueueEachTickOnce() async throws {
        try await TestDatabase.with { db in
            let env = environment(db, [
                "SCHEDULE_RESET_API_QUOTAS": "* * * * * *", "SCHEDULE_EXPIRE_INTERVIEWS": "off",
                "SCHEDULE_PRUNE_JOBS": "off", "SCHEDULE_PURGE_RECORDINGS": "off",
            ])
            let schedulers = try (0..<3).map { _ in try startProcess(["scheduler"], env) }
            try await Task.sleep(for: .seconds(6))
            for scheduler in schedulers { scheduler.terminate() }
            for scheduler in schedulers { #expect(try await waitForExit(scheduler) == 0) }
            let ticks = try await db.int("SELECT count(*)::int8 FROM scheduled_ticks WHERE schedule = 'reset_api_quotas'")
            let jobs = try await db.int("SELECT count(DISTINCT job_id)::int8 FROM scheduled_ticks WHERE schedule = 'reset_api_quotas'")
            let gaps = try await db.int("""
                SELECT count(*)::int8 FROM (
                    SELECT tick - lag(tick) OVER (ORDER BY tick) AS gap FROM scheduled_ticks WHERE schedule = 'reset_api_quotas'
                ) g WHERE gap IS NOT NULL AND gap <> interval '1 second'
                """)
            #expect(ticks >= 3)
            #expect(jobs == ticks)
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE kind = 'reset_api_quotas'") == ticks)
            #expect(gaps == 0)
        }
    }

    @Test func operatorCommandsInspectAndSteerJobs() async throws {
        try await TestDatabase.with { db in
            let env = environment(db)
            let enqueued = try await Executable.run(["jobs", "enqueue", "prune_jobs", "{}", "--delay", "3600", "--json"], environment: env)
            #expect(enqueued.status == 0, "\(enqueued.stderr)")
            struct Enqueued: Decodable { let id: Int64; let inserted: Bool }
            let result = try JSONDecoder().decode(Enqueued.self, from: Data(enqueued.stdout.utf8))
            #expect(result.inserted)

            let shown = try await Executable.run(["jobs", "show", String(result.id), "--json"], environment: env)
            #expect(shown.status == 0)
            #expect(shown.stdout.contains("\"state\" : \"scheduled\""))

            let stats = try await Executable.run(["jobs", "stats"], environment: env)
            #expect(stats.stdout.contains("scheduled"))

            #expect(try await Executable.run(["jobs", "cancel", String(result.id)], environment: env).status == 0)
            #expect(try await Executable.run(["jobs", "cancel", String(result.id)], environment: env).status == 4)
            #expect(try await Executable.run(["jobs", "retry", String(result.id)], environment: env).status == 0)
            #expect(try await Executable.run(["jobs", "show", "987654"], environment: env).status == 3)
            #expect(try await Executable.run(["jobs", "list", "--state", "bogus"], environment: env).status == 64)
            #expect(try await Executable.run(["jobs", "enqueue", "x", "[1]"], environment: env).status == 64)

            let listed = try await Executable.run(["jobs", "list", "--state", "available"], environment: env)
            #expect(listed.stdout.contains("prune_jobs"))
        }
    }
}
