import Core
import Foundation
import Jobs
import PostgresNIO
import Synchronization
import Testing
import TestSupport
import Worker

/// Leases are renewed only while a handler runs: a write of an attempt's outcome that is not
/// answered must not hold the worker's heartbeats (and with them every other lease).
@Suite struct OutcomeWriteLeaseTests {
    @Test func anUnansweredOutcomeWriteDoesNotStallTheOtherLeases() async throws {
        try await TestDatabase.with { db in
            let gate = Mutex((aStarted: false, aGo: false, bStarted: false, bGo: false))
            var registry = JobRegistry()
            registry.register(Probe.self, timeout: .seconds(120)) { probe, _ in
                if probe.n == 1 {
                    gate.withLock { $0.aStarted = true }
                    while !gate.withLock({ $0.aGo }) { try await Task.sleep(for: .milliseconds(10)) }
                    throw PermanentJobError("A fails; its outcome write will wait on a row lock")
                }
                gate.withLock { $0.bStarted = true }
                while !gate.withLock({ $0.bGo }) { try await Task.sleep(for: .milliseconds(10)) }
            }
            let a = try await db.queue.enqueue(Probe(n: 1)).id
            let b = try await db.queue.enqueue(Probe(n: 2)).id
            // Long, so that a lapse of its own (heartbeats starved on a busy machine) stays unlikely.
            let lease = Duration.seconds(10)
            let worker = db.worker(registry: registry, lease: lease)
            try await running([worker]) {
                #expect(try await eventually { gate.withLock { $0.aStarted && $0.bStarted } })
                // Hold A's row: the worker's write of A's failure waits (a request not answered).
                let locker = try await db.url.connect(logger: db.logger)
                try await locker.query("BEGIN", logger: db.logger)
                try await locker.query("SELECT id FROM background_jobs WHERE id = \(a) FOR UPDATE", logger: db.logger)
                gate.withLock { $0.aGo = true }
                // Once the worker's write of A's failure waits on the lock, B's lease must still be
                // renewed in its first attempt (a heartbeat stuck behind that write would never
                // renew it again; B would only come back after a rescue, as attempt 2).
                #expect(try await eventually {
                    try await db.int("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0
                })
                let leaseThen = try await db.int("SELECT (extract(epoch FROM lease_expires_at) * 1000)::bigint FROM background_jobs WHERE id = \(b)")
                #expect(try await eventually(timeout: .seconds(60)) {
                    try await db.int("""
                        SELECT count(*) FROM background_jobs WHERE id = \(b) AND attempt = 1 AND state = 'running'
                          AND (extract(epoch FROM lease_expires_at) * 1000)::bigint > \(leaseThen)
                        """) == 1
                })
                try await locker.query("ROLLBACK", logger: db.logger)
                try await locker.close()
                gate.withLock { $0.bGo = true }
                #expect(try await eventually { try await db.state(of: b) == .completed })
                #expect(try await eventually { try await db.state(of: a) == .discarded })
            }
        }
    }
}
