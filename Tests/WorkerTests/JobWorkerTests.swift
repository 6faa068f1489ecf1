import Core
import Dispatch
import Foundation
import Jobs
import Logging
import PostgresNIO
import Synchronization
import TestSupport
import Testing
import Worker

/// Records what handlers saw, across concurrent attempts.
final class Ledger: Sendable {
    let state = Mutex<(runs: [Int: Int], active: Set<Int>, overlaps: Int)>(([:], [], 0))

    func begin(_ n: Int) {
        state.withLock { s in
            if s.active.contains(n) { s.overlaps += 1 }
            s.active.insert(n)
            s.runs[n, default: 0] += 1
        }
    }

    func end(_ n: Int) { _ = state.withLock { $0.active.remove(n) } }
    var runs: [Int: Int] { state.withLock { $0.runs } }
    var overlaps: Int { state.withLock { $0.overlaps } }
}

@Suite struct JobWorkerTests {
    @Test func sixteenWorkersRunFiveThousandJobsEachExactlyOnce() async throws {
        try await TestDatabase.with(poolSize: 60) { db in
            let ledger = Ledger()
            var registry = JobRegistry()
            registry.register(Probe.self) { probe, _ in
                ledger.begin(probe.n)
                await Task.yield()
                ledger.end(probe.n)
            }
            try await db.queue.enqueue(batch: try (0..<5000).map { try NewJob(Probe(n: $0)) })
            let workers = (0..<16).map { db.worker(registry: registry, concurrency: 4, id: "w\($0)") }
            let finished = try await running(workers) {
                try await eventually(timeout: .seconds(60)) {
                    try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed'") == 5000
                }
            }
            #expect(finished)
            #expect(ledger.runs.count == 5000)
            #expect(ledger.runs.values.allSatisfy { $0 == 1 })
            #expect(ledger.overlaps == 0)
            #expect(try await db.int("SELECT count(DISTINCT attempted_by)::int8 FROM background_jobs") > 1)
        }
    }

    @Test func notifyWakesAnIdleWorkerWithoutWaitingForThePoll() async throws {
        try await TestDatabase.with { db in
            let started = Mutex<ContinuousClock.Instant?>(nil)
            var registry = JobRegistry()
            registry.register(Probe.self) { _, _ in started.withLock { $0 = ContinuousClock.now } }
            let worker = db.worker(registry: registry, poll: .seconds(60))
            try await running([worker]) {
                try await Task.sleep(for: .milliseconds(500))  // the worker is idle and listening
                let enqueued = ContinuousClock.now
                try await db.queue.enqueue(Probe(n: 1))
                let done1 = try await eventually(timeout: .seconds(10)) { started.withLock { $0 } != nil }
                #expect(done1)
                let latency = try #require(started.withLock { $0 }) - enqueued
                #expect(latency < .seconds(5), "picked up after \(latency); the poll interval is 60 s")
            }
        }
    }

    @Test func pollingAloneStillRunsJobsWhenListenIsUnavailable() async throws {
        try await TestDatabase.with { db in
            var registry = JobRegistry()
            registry.register(Probe.self) { _, _ in }
            let worker = db.worker(registry: registry, poll: .milliseconds(100), listen: false)
            let id = try await db.queue.enqueue(Probe(n: 1)).id
            try await running([worker]) {
                let done2 = try await eventually { try await db.state(of: id) == .completed }
                #expect(done2)
            }
        }
    }

    @Test func handlerErrorsRetryPermanentErrorsDiscardAndSnoozeReschedules() async throws {
        try await TestDatabase.with { db in
            var registry = JobRegistry()
            registry.register(Probe.self, retry: RetryPolicy(base: .milliseconds(100), jitter: 0)) { probe, context in
                switch probe.n {
                case 1: if context.attempt < 3 { throw TestFailure("transient \(context.attempt)") }
                case 2: throw PermanentJobError("cannot ever work")
                case 3: if context.attempt == 1 { throw JobSnooze(for: .seconds(3600)) }
                default: break
                }
            }
            let retried = try await db.queue.enqueue(Probe(n: 1)).id
            let permanent = try await db.queue.enqueue(Probe(n: 2)).id
            let snoozed = try await db.queue.enqueue(Probe(n: 3)).id
            let worker = db.worker(registry: registry, poll: .milliseconds(50))
            try await running([worker]) {
                let done3 = try await eventually { try await db.state(of: retried) == .completed }
                #expect(done3)
                let done4 = try await eventually { try await db.state(of: permanent) == .discarded }
                #expect(done4)
                let done5 = try await eventually { try await db.state(of: snoozed) == .scheduled }
                #expect(done5)
            }
            let retriedRecord = try #require(try await db.queue.job(id: retried))
            #expect(retriedRecord.attempt == 3)
            #expect(retriedRecord.errors.map(\.error) == ["transient 1", "transient 2"])
            let permanentRecord = try #require(try await db.queue.job(id: permanent))
            #expect(permanentRecord.attempt == 1)
            #expect(permanentRecord.errors.map(\.error) == ["cannot ever work"])
            let snoozedRecord = try #require(try await db.queue.job(id: snoozed))
            #expect(snoozedRecord.attempt == 0)
        }
    }

    @Test func aKindWithoutHandlerFailsClearlyAndIsRetriedNotDropped() async throws {
        try await TestDatabase.with { db in
            let id = try await db.queue.enqueue(batch: [try NewJob(kind: "not_in_this_build", jsonArgs: "{}")])[0].id
            let worker = db.worker(registry: JobRegistry(), poll: .milliseconds(50))
            try await running([worker]) {
                let done6 = try await eventually { try await db.state(of: id) == .retryable }
                #expect(done6)
            }
            let record = try #require(try await db.queue.job(id: id))
            #expect(record.errors.first?.error == "no handler for kind not_in_this_build in this worker build")
            #expect(record.finalizedAt == nil)
        }
    }

    @Test func argumentsThatDoNotDecodeDiscardTheJobWithAClearError() async throws {
        try await TestDatabase.with { db in
            var registry = JobRegistry()
            registry.register(Probe.self) { _, _ in Issue.record("the handler must not run with invalid arguments") }
            let id = try await db.queue.enqueue(batch: [try NewJob(kind: Probe.kind, jsonArgs: #"{"n":"not a number"}"#)])[0].id
            try await running([db.worker(registry: registry, poll: .milliseconds(50))]) {
                let discarded = try await eventually { try await db.state(of: id) == .discarded }
                #expect(discarded)
            }
            let record = try #require(try await db.queue.job(id: id))
            #expect(record.attempt == 1)
            #expect(record.errors.first?.error.contains("not valid test_probe") == true)
        }
    }

    @Test func timeoutCancelsTheAttemptAndCountsAsAFailure() async throws {
        try await TestDatabase.with { db in
            var registry = JobRegistry()
            registry.register(Probe.self, timeout: .milliseconds(200)) { _, _ in try await Task.sleep(for: .seconds(60)) }
            let id = try await db.queue.enqueue(Probe(n: 1), options: EnqueueOptions(maxAttempts: 1)).id
            try await running([db.worker(registry: registry)]) {
                let done7 = try await eventually { try await db.state(of: id) == .discarded }
                #expect(done7)
            }
            #expect(try await db.queue.job(id: id)?.errors.first?.error.contains("timed out") == true)
        }
    }

    @Test func cancellingARunningJobStopsItsHandler() async throws {
        try await TestDatabase.with { db in
            let started = Mutex(false)
            var registry = JobRegistry()
            registry.register(Probe.self) { _, _ in
                started.withLock { $0 = true }
                try await Task.sleep(for: .seconds(120))
            }
            let id = try await db.queue.enqueue(Probe(n: 1)).id
            try await running([db.worker(registry: registry)]) {
                let done8 = try await eventually { started.withLock { $0 } }
                #expect(done8)
                #expect(try await db.queue.cancel(id: id) == .cancelRequested)
                let done9 = try await eventually(timeout: .seconds(15)) { try await db.state(of: id) == .cancelled }
                #expect(done9)
            }
        }
    }

    @Test func aDeadWorkersJobIsRescuedAndCompletedByAnother() async throws {
        try await TestDatabase.with { db in
            let id = try await db.queue.enqueue(Probe(n: 1)).id
            // A worker claims the job and dies (SIGKILL): no heartbeat, no release, no completion.
            let orphan = try await db.queue.claim(queue: "default", limit: 1, worker: "killed", leaseDuration: .seconds(1))
            #expect(orphan.map(\.id) == [id])
            var registry = JobRegistry()
            registry.register(Probe.self) { _, _ in }
            try await running([db.worker(registry: registry, rescue: .milliseconds(200))]) {
                let done10 = try await eventually(timeout: .seconds(15)) { try await db.state(of: id) == .completed }
                #expect(done10)
            }
            let record = try #require(try await db.queue.job(id: id))
            #expect(record.attempt == 2)
            #expect(record.attemptedBy != "killed")
            #expect(record.errors.first?.worker == "killed")
        }
    }

    @Test func gracefulShutdownLetsShortJobsFinishAndReleasesLongOnesAtTheDeadline() async throws {
        try await TestDatabase.with { db in
            let started = Mutex(0)
            var registry = JobRegistry()
            registry.register(Probe.self) { probe, _ in
                started.withLock { $0 += 1 }
                try await Task.sleep(for: probe.n == 0 ? .milliseconds(300) : .seconds(120))
            }
            let short = try await db.queue.enqueue(Probe(n: 0)).id
            let long = try await db.queue.enqueue(Probe(n: 1)).id
            let worker = db.worker(registry: registry, shutdownTimeout: .seconds(1))
            let task = Task { try await worker.run() }
            let done11 = try await eventually { started.withLock { $0 } == 2 }
            #expect(done11)
            let stopping = ContinuousClock.now
            worker.triggerShutdown()
            try await task.value
            #expect(ContinuousClock.now - stopping < .seconds(10))
            #expect(try await db.state(of: short) == .completed)
            let released = try #require(try await db.queue.job(id: long))
            #expect(released.state == .available)
            #expect(released.attempt == 0)
        }
    }
}

/// Suspends for `seconds` and ignores cancellation, like a call stuck on a dead connection.
func uncancellableWait(seconds: Double) async {
    await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { continuation.resume() }
    }
}

@Suite struct StuckHandlerTests {
    @Test func aHandlerIgnoringItsTimeoutIsAbandonedAndTheJobFailed() async throws {
        try await TestDatabase.with { db in
            var registry = JobRegistry()
            registry.register(Probe.self, timeout: .milliseconds(200)) { _, _ in await uncancellableWait(seconds: 30) }
            let id = try await db.queue.enqueue(Probe(n: 1), options: EnqueueOptions(maxAttempts: 1)).id
            let worker = JobWorker(
                queue: db.queue, registry: registry,
                options: WorkerOptions(concurrency: 2, pollInterval: .milliseconds(100), abandonAfter: .milliseconds(300)),
                listenConnection: nil, logger: db.logger
            )
            try await running([worker]) {
                let discarded = try await eventually(timeout: .seconds(10)) { try await db.state(of: id) == .discarded }
                #expect(discarded)
                // The slot is freed once the abandoned attempt is written off (just after the discard commits).
                #expect(try await eventually(timeout: .seconds(5)) { worker.runningCount == 0 })
            }
            #expect(try await db.queue.job(id: id)?.errors.first?.error.contains("ignored cancellation") == true)
        }
    }

    @Test func shutdownIsBoundedEvenWhenAHandlerIgnoresCancellation() async throws {
        try await TestDatabase.with { db in
            let started = Mutex(false)
            var registry = JobRegistry()
            registry.register(Probe.self) { _, _ in
                started.withLock { $0 = true }
                await uncancellableWait(seconds: 60)
            }
            let id = try await db.queue.enqueue(Probe(n: 1)).id
            let worker = JobWorker(
                queue: db.queue, registry: registry,
                options: WorkerOptions(
                    concurrency: 2, shutdownTimeout: .milliseconds(300), pollInterval: .milliseconds(100), abandonAfter: .milliseconds(300)
                ),
                listenConnection: nil, logger: db.logger
            )
            let task = Task { try await worker.run() }
            let running = try await eventually { started.withLock { $0 } }
            #expect(running)
            let stopping = ContinuousClock.now
            worker.triggerShutdown()
            try await task.value
            #expect(ContinuousClock.now - stopping < .seconds(10))
            let record = try #require(try await db.queue.job(id: id))
            #expect(record.state == .available)
            #expect(record.attempt == 0)
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
