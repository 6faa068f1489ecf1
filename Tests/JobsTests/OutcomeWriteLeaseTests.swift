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
            let lease = Duration.seconds(2)
            let worker = db.worker(registry: registry, lease: lease)
            try await running([worker]) {
                #expect(try await eventually { gate.withLock { $0.aStarted && $0.bStarted } })
                // Hold A's row: the worker's write of A's failure waits (a request not answered).
                let locker = try await db.url.connect(logger: db.logger)
                try await locker.query("BEGIN", logger: db.logger)
                try await locker.query("SELECT id FROM background_jobs WHERE id = \(a) FOR UPDATE", logger: db.logger)
                gate.withLock { $0.aGo = true }
                // Several leases later B is still leased to this worker: its heartbeats went on.
                try await Task.sleep(for: lease * 3)
                let renewed = try await db.int("SELECT count(*) FROM background_jobs WHERE id = \(b) AND state = 'running' AND attempt = 1 AND lease_expires_at > now()")
                #expect(renewed == 1)
                try await locker.query("ROLLBACK", logger: db.logger)
                try await locker.close()
                gate.withLock { $0.bGo = true }
                #expect(try await eventually { try await db.state(of: b) == .completed })
                #expect(try await eventually { try await db.state(of: a) == .discarded })
            }
            #expect(try await db.queue.job(id: b)?.attempt == 1)
        }
    }
}
