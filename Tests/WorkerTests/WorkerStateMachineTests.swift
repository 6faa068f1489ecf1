import Foundation
import Jobs
import Testing

@testable import Worker

/// The worker's decisions, with no database: events in, actions out, time passed in.
@Suite struct WorkerStateMachineTests {
    typealias Machine = WorkerStateMachine
    typealias Action = Machine.Action

    let t0 = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    func machine(concurrency: Int = 2, bufferSize: Int = 2, claimThreshold: Int = 2, batch: Int = 2) -> Machine {
        Machine(configuration: .init(
            concurrency: concurrency, bufferSize: bufferSize, claimThreshold: claimThreshold, completionBatchSize: batch,
            abandonAfter: .seconds(1)
        ))
    }

    func job(_ id: Int64, lease: Int64 = 1) -> ClaimedJob {
        let date = Date(timeIntervalSince1970: 0)
        return ClaimedJob(
            id: id, lease: lease, kind: "test_probe", args: "{}", attempt: 1, maxAttempts: 3, queue: "default", priority: 2,
            createdAt: date, runAt: date, attemptedAt: date
        )
    }

    // MARK: Claiming, running, batched completions

    @Test func claimedJobsFillTheSlotsThenTheBufferAndCompletionsAreWrittenInBatches() {
        var m = machine()
        let (j1, j2, j3) = (job(1), job(2), job(3))
        // Idle: claims for every slot and the buffer at once.
        #expect(m.claimLimit == 4)
        #expect(m.claimed([j1, j2, j3]) == [.start(j1), .start(j2)])
        #expect(m.buffer == [j3])
        #expect(m.runningCount == 2)
        // Busy with one free place only: waits until a claim carries `claimThreshold` jobs.
        #expect(m.claimLimit == nil)
        #expect(m.startBuffered() == [])

        m.handlerStarted(j1.fence, timeout: .seconds(10), now: at(0))
        let (disposition, actions) = m.handlerReturned(j1.fence, failed: false)
        #expect(disposition == .completed)
        #expect(actions == [.scheduleFlush])
        #expect(m.pendingCompletions == [j1.fence])
        #expect(m.attemptEnded(j1.fence) == [.forget(j1.fence), .wakeClaimer])
        // The freed slot takes the buffered job; now two places are free: claim.
        #expect(m.startBuffered() == [.start(j3)])
        #expect(m.claimLimit == 2)

        _ = m.handlerReturned(j2.fence, failed: false)
        _ = m.handlerReturned(j3.fence, failed: false)
        #expect(m.takeCompletions() == [j1.fence, j2.fence])
        #expect(m.takeCompletions() == [j3.fence])
        #expect(m.takeCompletions() == [])
        // A failed claim carrying completions, and a failed completion write, put them back in front.
        #expect(m.claimFailed(completing: [j3.fence]) == [.scheduleFlush])
        m.completionWriteFailed([j1.fence, j2.fence])
        #expect(m.pendingCompletions == [j1.fence, j2.fence, j3.fence])
        #expect(m.claimFailed(completing: []) == [])

        #expect(m.attemptEnded(j2.fence) == [.forget(j2.fence), .wakeClaimer])
        #expect(m.attemptEnded(j3.fence) == [.wakeDrainer, .forget(j3.fence), .wakeClaimer])
        #expect(m.runningCount == 0)
        #expect(m.attemptEnded(j3.fence) == [])
    }

    @Test func anIdleWorkerClaimsEvenBelowTheThreshold() {
        var m = machine(concurrency: 4, bufferSize: 0, claimThreshold: 3)
        _ = m.claimed([job(1), job(2), job(3)])
        // One slot free, nothing buffered: starving, so it claims the one job that fits.
        #expect(m.claimLimit == 1)
        _ = m.claimed([job(4)])
        #expect(m.claimLimit == nil)
    }

    // MARK: Shutdown

    @Test func shutdownReleasesTheBufferDrainsThenStopsAndAbandonsWhatIsLeft() {
        var m = machine()
        let (j1, j2, j3, j4) = (job(1), job(2), job(3), job(4))
        _ = m.claimed([j1, j2, j3])
        #expect(m.beginShutdown() == [.wakeClaimer, .wakeDrainer])
        #expect(m.isStopping)
        #expect(m.claimLimit == nil)
        // A claim that was in flight when shutdown began is handed back, not started.
        #expect(m.claimed([j4]) == [.release([j4.fence])])
        #expect(m.drainStarted() == [.release([j3.fence])])
        #expect(m.buffer.isEmpty)
        // A slot freed while draining starts nothing.
        _ = m.handlerReturned(j1.fence, failed: false)
        #expect(m.attemptEnded(j1.fence) == [.forget(j1.fence), .wakeClaimer])
        #expect(m.startBuffered() == [])

        // The shutdown timeout passes with j2 still running: it is stopped once.
        #expect(m.shutdownTimeoutPassed(now: at(5_000)) == [.cancel(j2.fence)])
        #expect(m.shutdownTimeoutPassed(now: at(5_001)) == [])
        // It ignores cancellation: abandoned after `abandonAfter`, once.
        #expect(m.tick(now: at(5_999)) == [])
        #expect(m.tick(now: at(6_000)) == [.writeAbandoned(j2.fence, .shutdown)])
        #expect(m.tick(now: at(6_100)) == [])
        // Its handler returns at last, while the worker writes for it: it writes nothing.
        let (disposition, actions) = m.handlerReturned(j2.fence, failed: true)
        #expect(disposition == .abandoned)
        #expect(actions == [.wakeClaimer])
        #expect(m.runningCount == 1)
        #expect(m.attemptEnded(j2.fence) == [.wakeDrainer, .forget(j2.fence), .wakeClaimer])
        #expect(m.runningCount == 0)
    }

    @Test func anAttemptStoppedByShutdownThatFailsIsReleasedAndOneThatSucceedsCompletes() {
        var m = machine()
        let (j1, j2) = (job(1), job(2))
        _ = m.claimed([j1, j2])
        _ = m.beginShutdown()
        let stops = m.shutdownTimeoutPassed(now: at(0))
        #expect(stops.count == 2 && stops.contains(.cancel(j1.fence)) && stops.contains(.cancel(j2.fence)))
        #expect(m.handlerReturned(j1.fence, failed: true).0 == .release)
        #expect(m.handlerReturned(j2.fence, failed: false).0 == .completed)
    }

    // MARK: Timeouts and abandonment

    @Test func anAttemptPastItsTimeoutIsStoppedThenFailedOrAbandoned() {
        var m = machine()
        let (j1, j2) = (job(1), job(2))
        _ = m.claimed([j1, j2])
        m.handlerStarted(j1.fence, timeout: .seconds(5), now: at(0))
        m.handlerStarted(j2.fence, timeout: .seconds(60), now: at(0))
        #expect(m.tick(now: at(4_999)) == [])
        #expect(m.tick(now: at(5_000)) == [.cancel(j1.fence)])
        #expect(m.tick(now: at(5_500)) == [])
        // Stopping it again for another reason changes nothing.
        #expect(m.stop(j1.fence, reason: .cancelRequested, now: at(5_600)) == [])
        #expect(m.tick(now: at(6_000)) == [.writeAbandoned(j1.fence, .timeout(.seconds(5)))])
        // j2 returns in time after its own timeout: the failure records the timeout.
        #expect(m.tick(now: at(60_000)) == [.cancel(j2.fence)])
        #expect(m.handlerReturned(j2.fence, failed: true).0 == .recordFailure(timeout: .seconds(60)))
    }

    @Test func anAttemptWithoutAHandlerStartedHasNoDeadline() {
        var m = machine()
        let j1 = job(1)
        _ = m.claimed([j1])
        #expect(m.tick(now: at(1_000_000)) == [])
        #expect(m.handlerReturned(j1.fence, failed: true).0 == .recordFailure(timeout: nil))
    }

    // MARK: Heartbeats, lost leases, cancellation

    @Test func heartbeatsRenewBufferedJobsAndRunningHandlersButNotOutcomeWrites() {
        var m = machine(bufferSize: 1)
        let (j1, j2, j3) = (job(1), job(2), job(3))
        #expect(m.heartbeatFences.isEmpty)
        _ = m.claimed([j1, j2, j3])
        #expect(Set(m.heartbeatFences) == [j1.fence, j2.fence, j3.fence])
        // j1's handler returned: its outcome write must not keep its lease alive.
        _ = m.handlerReturned(j1.fence, failed: true)
        #expect(Set(m.heartbeatFences) == [j2.fence, j3.fence])
        _ = m.attemptEnded(j1.fence)
        _ = m.startBuffered()
        #expect(Set(m.heartbeatFences) == [j2.fence, j3.fence])
    }

    @Test func aLostLeaseStopsTheAttemptDropsTheBufferedJobAndWritesNothing() {
        var m = machine()
        let (j1, j2, j3) = (job(1), job(2), job(3))
        _ = m.claimed([j1, j2, j3])
        let sent = m.heartbeatFences
        let actions = m.heartbeatAnswered(sent: sent, held: [j2.fence], cancelRequested: [], now: at(10))
        #expect(actions == [.cancel(j1.fence)])
        #expect(m.buffer.isEmpty)
        // A success after the lease was lost is not completed: another worker owns the job now.
        #expect(m.handlerReturned(j1.fence, failed: false).0 == .leaseLost)
        #expect(m.pendingCompletions.isEmpty)
        #expect(m.handlerReturned(j2.fence, failed: false).0 == .completed)
    }

    @Test func aFailureAfterTheLeaseWasLostWritesNothing() {
        var m = machine()
        let j1 = job(1)
        _ = m.claimed([j1])
        _ = m.heartbeatAnswered(sent: [j1.fence], held: [], cancelRequested: [], now: at(0))
        #expect(m.handlerReturned(j1.fence, failed: true).0 == .leaseLost)
    }

    @Test func cancellationStopsTheRunningAttemptAndCancelsABufferedJob() {
        var m = machine(concurrency: 1, bufferSize: 1, claimThreshold: 1)
        let (j1, j2) = (job(1), job(2, lease: 7))
        _ = m.claimed([j1, j2])
        #expect(m.cancelRequested(jobID: 1, now: at(0)) == [.cancel(j1.fence)])
        #expect(m.cancelRequested(jobID: 2, now: at(0)) == [.markCancelled(j2.fence)])
        #expect(m.buffer.isEmpty)
        #expect(m.cancelRequested(jobID: 3, now: at(0)) == [])
        #expect(m.handlerReturned(j1.fence, failed: true).0 == .markCancelled)
    }

    @Test func aCancellationFoundByTheHeartbeatStopsTheAttempt() {
        var m = machine()
        let (j1, j2) = (job(1), job(2))
        _ = m.claimed([j1, j2])
        let actions = m.heartbeatAnswered(sent: [j1.fence, j2.fence], held: [j1.fence, j2.fence], cancelRequested: [j2.fence], now: at(0))
        #expect(actions == [.cancel(j2.fence)])
        // Ignoring it past `abandonAfter` gets the cancellation written for it.
        #expect(m.tick(now: at(1_000)) == [.writeAbandoned(j2.fence, .cancelRequested)])
    }

    // MARK: Errors

    @Test func aHandlerErrorWithoutAStopIsRecordedAsAFailure() {
        var m = machine()
        let j1 = job(1)
        _ = m.claimed([j1])
        m.handlerStarted(j1.fence, timeout: .seconds(5), now: at(0))
        let (disposition, actions) = m.handlerReturned(j1.fence, failed: true)
        #expect(disposition == .recordFailure(timeout: nil))
        #expect(actions == [])
        #expect(m.pendingCompletions.isEmpty)
        #expect(m.heartbeatFences.isEmpty)
    }

    @Test func aHandlerReturningForAnUnknownAttemptWritesNothing() {
        var m = machine()
        #expect(m.handlerReturned(job(9).fence, failed: false).0 == .abandoned)
        #expect(m.pendingCompletions.isEmpty)
    }

    @Test func outcomesKeepTheirMetricLabels() {
        #expect(JobOutcome.allCases.map(\.rawValue) == [
            "succeeded", "lease_lost", "cancelled", "released", "snoozed", "discarded", "retried",
        ])
    }
}
