import Core
import Foundation
import Jobs
import Logging
import PostgresNIO
import TestSupport
import Testing

@Suite struct JobQueueTests {
    @Test func enqueueInARolledBackTransactionLeavesNoJob() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            struct Rollback: Error {}
            await #expect(throws: (any Error).self) {
                try await db.client.withTransaction(logger: db.logger) { connection in
                    try await queue.enqueue(Probe(n: 1), on: connection)
                    throw Rollback()
                }
            }
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs") == 0)
            let id = try await db.client.withTransaction(logger: db.logger) { connection in
                try await queue.enqueue(Probe(n: 2), on: connection).id
            }
            let claimed = try await queue.claim(queue: "default", limit: 10, worker: "w", leaseDuration: .seconds(30))
            #expect(claimed.map(\.id) == [id])
            #expect(try claimed[0].decode(Probe.self) == Probe(n: 2))
        }
    }

    @Test func hundredConcurrentEnqueuesOfOneUniqueKeyCreateOneJob() async throws {
        try await TestDatabase.with(poolSize: 40) { db in
            let queue = db.queue
            let results = try await withThrowingTaskGroup(of: EnqueueResult.self) { group in
                for i in 0..<100 { group.addTask { try await queue.enqueue(Probe(n: i, key: "same")) } }
                var all: [EnqueueResult] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(Set(results.map(\.id)).count == 1)
            #expect(results.filter(\.inserted).count == 1)
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs") == 1)
        }
    }

    @Test func uniqueKeyIsFreeAgainOnceTheJobFinishes() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            let first = try await queue.enqueue(Probe(n: 1, key: "k"))
            let jobs = try await queue.claim(queue: "default", limit: 1, worker: "w", leaseDuration: .seconds(30))
            try await queue.complete(jobs.map(\.fence))
            let second = try await queue.enqueue(Probe(n: 2, key: "k"))
            #expect(second.inserted)
            #expect(second.id != first.id)
        }
    }

    @Test func batchEnqueueKeepsInputOrderAndCollapsesDuplicateKeys() async throws {
        try await TestDatabase.with { db in
            let jobs = try (0..<2000).map { try NewJob(Probe(n: $0, key: $0 % 1000 == 7 ? "dup" : nil)) }
            let results = try await db.queue.enqueue(batch: jobs)
            #expect(results.count == 2000)
            #expect(results[7].id == results[1007].id)
            #expect(results[7].inserted && !results[1007].inserted)
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs") == 1999)
            let record = try #require(try await db.queue.job(id: results[1500].id))
            #expect(try JSONDecoder().decode(Probe.self, from: Data(record.args.utf8)).n == 1500)
        }
    }

    @Test func claimOrdersByPriorityThenRunAtAndSkipsFutureJobs() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            let low = try await queue.enqueue(Probe(n: 1), options: EnqueueOptions(priority: 4))
            let high = try await queue.enqueue(Probe(n: 2), options: EnqueueOptions(priority: 1))
            let later = try await queue.enqueue(Probe(n: 3), options: EnqueueOptions(priority: 1, delay: .seconds(3600)))
            #expect(try await db.state(of: later.id) == .scheduled)
            let claimed = try await queue.claim(queue: "default", limit: 10, worker: "w", leaseDuration: .seconds(30))
            #expect(claimed.map(\.id) == [high.id, low.id])
            #expect(try await queue.claim(queue: "other", limit: 10, worker: "w", leaseDuration: .seconds(30)).isEmpty)
        }
    }

    @Test func invalidOptionsAreRejectedBeforeTheDatabase() async throws {
        #expect(throws: JobQueueError.self) { try NewJob(Probe(n: 1), options: EnqueueOptions(priority: 9)) }
        #expect(throws: JobQueueError.self) { try NewJob(Probe(n: 1), options: EnqueueOptions(maxAttempts: 0)) }
        #expect(throws: JobQueueError.self) { try NewJob(kind: "x", jsonArgs: "[1]") }
    }

    @Test func aStaleCompletionAfterRescueAndReclaimChangesNothing() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            let id = try await queue.enqueue(Probe(n: 1)).id
            let first = try await queue.claim(queue: "default", limit: 1, worker: "a", leaseDuration: .seconds(30))[0]
            // Worker a stalls: its lease runs out and the job is rescued and claimed by worker b.
            try await db.client.query("UPDATE background_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = \(id)", logger: db.logger)
            #expect(try await queue.rescueExpired() == 1)
            let second = try await queue.claim(queue: "default", limit: 1, worker: "b", leaseDuration: .seconds(30))[0]
            #expect(second.id == id && second.lease == first.lease + 1 && second.attempt == 2)

            // Every late write by a is fenced out.
            #expect(try await queue.complete([first.fence]).isEmpty)
            #expect(try await queue.fail(first.fence, error: "late", retryDelay: .zero) == .leaseLost)
            #expect(try await queue.snooze(first.fence, for: .seconds(1)) == false)
            #expect(try await queue.heartbeat([first.fence], leaseDuration: .seconds(30)).held.isEmpty)
            #expect(try await db.state(of: id) == .running)

            #expect(try await queue.complete([second.fence]) == [second.fence])
            let record = try #require(try await queue.job(id: id))
            #expect(record.state == .completed)
            #expect(record.errors.count == 1)
            #expect(record.errors[0].error.contains("lease expired"))
            #expect(record.errors[0].worker == "a")
        }
    }

    @Test func claimingCanCompleteThePreviousBatchInTheSameStatement() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            try await queue.enqueue(batch: try (0..<6).map { try NewJob(Probe(n: $0)) })
            let first = try await queue.claim(queue: "default", limit: 3, worker: "w", leaseDuration: .seconds(30))
            let stale = JobFence(id: first[0].id, lease: first[0].lease + 7)
            let second = try await queue.claim(
                queue: "default", limit: 3, worker: "w", leaseDuration: .seconds(30), completing: Array(first.dropFirst().map(\.fence)) + [stale]
            )
            #expect(second.count == 3)
            #expect(Set(second.map(\.id)).isDisjoint(with: first.map(\.id)))
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE state = 'completed'") == 2)
            #expect(try await db.state(of: first[0].id) == .running)
        }
    }

    @Test func failuresBackOffExponentiallyThenDiscardKeepingEveryError() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            let id = try await queue.enqueue(Probe(n: 1), options: EnqueueOptions(maxAttempts: 3)).id
            let policy = RetryPolicy(base: .seconds(10), cap: .seconds(3600), jitter: 0)
            for attempt in 1...3 {
                try await db.client.query("UPDATE background_jobs SET run_at = now() WHERE id = \(id)", logger: db.logger)
                let claimedAt = ContinuousClock.now
                let job = try await queue.claim(queue: "default", limit: 1, worker: "w", leaseDuration: .seconds(30))[0]
                #expect(job.attempt == attempt)
                let outcome = try await queue.fail(job.fence, error: "boom \(attempt)", retryDelay: policy.delay(afterAttempt: attempt))
                let elapsed = ContinuousClock.now - claimedAt
                let slack = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let record = try #require(try await queue.job(id: id))
                if attempt < 3 {
                    guard case .retryScheduled(let at) = outcome else { Issue.record("expected a retry"); return }
                    #expect(record.state == .retryable)
                    let expected = Double(10 << (attempt - 1))
                    let waited = at.timeIntervalSince(record.attemptedAt!)
                    // run_at is set at failure time: the delay plus however long claim → fail took.
                    #expect(waited >= expected - 0.01 && waited <= expected + slack + 0.25, "attempt \(attempt) waited \(waited) s, expected \(expected) s")
                } else {
                    #expect(outcome == .discarded)
                    #expect(record.state == .discarded)
                    #expect(record.finalizedAt != nil)
                    #expect(record.errors.map(\.error) == ["boom 1", "boom 2", "boom 3"])
                    #expect(record.errors.map(\.attempt) == [1, 2, 3])
                }
            }
        }
    }

    @Test func retryPolicyGrowsExponentiallyWithinJitterAndCap() {
        let policy = RetryPolicy(base: .seconds(1), cap: .seconds(60), jitter: 0.1)
        #expect(policy.nominalDelay(afterAttempt: 1) == .seconds(1))
        #expect(policy.nominalDelay(afterAttempt: 4) == .seconds(8))
        #expect(policy.nominalDelay(afterAttempt: 30) == .seconds(60))
        for _ in 0..<100 {
            let delay = policy.delay(afterAttempt: 3).seconds
            #expect(delay >= 3.6 && delay <= 4.4)
        }
    }

    @Test func permanentFailureDiscardsAtOnceAndSnoozeKeepsTheAttempt() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            let a = try await queue.enqueue(Probe(n: 1)).id
            let b = try await queue.enqueue(Probe(n: 2)).id
            let jobs = try await queue.claim(queue: "default", limit: 2, worker: "w", leaseDuration: .seconds(30))
            let jobA = try #require(jobs.first { $0.id == a })
            let jobB = try #require(jobs.first { $0.id == b })
            #expect(try await queue.fail(jobA.fence, error: "bad input", retryDelay: .seconds(1), permanent: true) == .discarded)
            #expect(try await queue.snooze(jobB.fence, for: .seconds(60)))
            let snoozed = try #require(try await queue.job(id: b))
            #expect(snoozed.state == .scheduled)
            #expect(snoozed.attempt == 0)
            #expect(snoozed.runAt.timeIntervalSinceNow > 50)
        }
    }

    @Test func cancellingAQueuedJobMeansItNeverRuns() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            let id = try await queue.enqueue(Probe(n: 1)).id
            #expect(try await queue.cancel(id: id) == .cancelled)
            #expect(try await queue.claim(queue: "default", limit: 10, worker: "w", leaseDuration: .seconds(30)).isEmpty)
            #expect(try await queue.cancel(id: id) == .alreadyFinal)
            await #expect(throws: JobQueueError.self) { try await queue.cancel(id: 999_999) }
            try await queue.retry(id: id)
            #expect(try await db.state(of: id) == .available)
        }
    }

    @Test func pruneDeletesOnlyFinishedJobsPastRetention() async throws {
        try await TestDatabase.with { db in
            let queue = db.queue
            let results = try await queue.enqueue(batch: try (0..<30).map { try NewJob(Probe(n: $0)) })
            let jobs = try await queue.claim(queue: "default", limit: 20, worker: "w", leaseDuration: .seconds(30))
            try await queue.complete(jobs.map(\.fence))
            try await db.client.query("""
                UPDATE background_jobs SET finalized_at = now() - interval '2 days'
                WHERE id IN (SELECT id FROM background_jobs WHERE state = 'completed' ORDER BY id LIMIT 15)
                """, logger: db.logger)
            let deleted = try await queue.prune(completedOlderThan: .seconds(86_400), discardedOlderThan: .seconds(7 * 86_400), batchSize: 4)
            #expect(deleted == 15)
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs") == 15)
            #expect(results.count == 30)
        }
    }

    @Test func enqueueNotifiesListenersOncePerStatementAndQueue() async throws {
        try await TestDatabase.with { db in
            let connection = try await db.url.connect(logger: db.logger)
            let queue = db.queue
            let received = try await connection.listen(on: JobQueue.wakeChannel) { notifications in
                try await queue.enqueue(batch: try (0..<50).map { try NewJob(Probe(n: $0)) })
                try await queue.enqueue(Probe(n: 99), options: EnqueueOptions(queue: "mail"))
                var payloads: [String] = []
                for try await note in notifications {
                    payloads.append(note.payload)
                    if payloads.count == 2 { break }
                }
                return payloads
            }
            try await connection.close()
            #expect(received == ["default", "mail"])
        }
    }
}
