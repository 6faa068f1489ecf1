import Core
import Foundation
import Jobs
import Logging
import Metrics
import Synchronization

extension JobWorker {
    /// Runs one attempt: its handler, then the write of its outcome (what to write is the
    /// machine's ``WorkerStateMachine/Disposition``).
    func execute(_ job: ClaimedJob) async {
        var jobLogger = logger
        jobLogger[metadataKey: "job_id"] = .stringConvertible(job.id)
        jobLogger[metadataKey: "job_kind"] = .string(job.kind)
        let context = JobContext(
            id: job.id, kind: job.kind, attempt: job.attempt, maxAttempts: job.maxAttempts, queue: job.queue,
            enqueuedAt: job.createdAt, logger: jobLogger
        )
        let metrics = self.metrics(for: job.kind)
        metrics.started.increment()
        metrics.queueLatency.recordNanoseconds(max(0, Int64(job.attemptedAt.timeIntervalSince(job.runAt) * 1e9)))
        let started = ContinuousClock.now
        var failure: (any Error)?
        var retry = RetryPolicy()
        if let entry = registry.entry(for: job.kind) {
            retry = entry.retry
            state.withLock { $0.machine.handlerStarted(job.fence, timeout: entry.timeout, now: started) }
            do {
                try await entry.run(job, context)
            } catch {
                failure = error
            }
        } else {
            failure = MissingHandlerError(kind: job.kind)
        }
        metrics.runTime.recordNanoseconds(Int64((ContinuousClock.now - started).seconds * 1e9))
        let failed = failure != nil
        let (disposition, _) = send { $0.handlerReturned(job.fence, failed: failed) }
        // Abandoned by the watchdog, which already wrote the outcome; whatever this attempt
        // would write now is fenced out anyway.
        if disposition == .abandoned { return }
        let outcome: JobOutcome?
        if Task.isCancelled {
            // This task was cancelled to stop the handler; queries from it would be cancelled too.
            outcome = await Task { [failure, retry, jobLogger] in
                await self.record(job, disposition, failure: failure, retry: retry, logger: jobLogger)
            }.value
        } else {
            outcome = await record(job, disposition, failure: failure, retry: retry, logger: jobLogger)
        }
        if let outcome { metrics.finished(outcome).increment() }
        send { $0.attemptEnded(job.fence) }
    }

    /// Writes the attempt's outcome as `disposition` says (every write is fenced by the lease);
    /// returns it, or `nil` if the write failed.
    func record(
        _ job: ClaimedJob, _ disposition: WorkerStateMachine.Disposition, failure: (any Error)?, retry: RetryPolicy,
        logger: Logger
    ) async -> JobOutcome? {
        do {
            switch disposition {
            case .abandoned:
                return nil
            case .completed:
                return .succeeded
            case .leaseLost:
                if failure != nil { logger.warning("attempt stopped: lease lost (job was rescued or released)") }
                return .leaseLost
            case .markCancelled:
                try await withDeadline(options.queryTimeout, "cancel") { [queue] in try await queue.markCancelled(job.fence) }
                return .cancelled
            case .release:
                try await withDeadline(options.queryTimeout, "release") { [queue] in try await queue.release([job.fence]) }
                return .released
            case .recordFailure(let timeout):
                let error: any Error = timeout.map { JobTimeoutError(timeout: $0) } ?? failure ?? MissingHandlerError(kind: job.kind)
                return try await recordFailure(job, error: error, retry: retry, logger: logger)
            }
        } catch {
            // The lease will expire and the rescuer will retry the job: nothing is lost.
            logger.error("could not record job outcome", metadata: ["error": "\(String(reflecting: error))"])
            return nil
        }
    }

    /// Records a failed attempt: a snooze, a permanent error, or a retry with backoff.
    func recordFailure(_ job: ClaimedJob, error: any Error, retry: RetryPolicy, logger: Logger) async throws -> JobOutcome {
        switch error {
        case let snooze as JobSnooze:
            try await withDeadline(options.queryTimeout, "snooze") { [queue] in try await queue.snooze(job.fence, for: snooze.delay) }
            return .snoozed
        case let permanent as PermanentJobError:
            logger.error("job discarded: permanent error", metadata: ["error": "\(permanent.message)"])
            try await withDeadline(options.queryTimeout, "fail") { [queue] in
                try await queue.fail(job.fence, error: permanent.message, retryDelay: .zero, permanent: true)
            }
            return .discarded
        default:
            let message: String
            var delay = retry.delay(afterAttempt: job.attempt)
            if let retryAfter = error as? RetryAfterError {
                message = retryAfter.message
                delay = max(delay, retryAfter.after)
            } else {
                message = Self.describe(error)
            }
            let retryDelay = delay
            let result = try await withDeadline(options.queryTimeout, "fail") { [queue] in
                try await queue.fail(job.fence, error: message, retryDelay: retryDelay)
            }
            switch result {
            case .discarded:
                logger.error("job discarded: attempts exhausted", metadata: ["error": "\(message)", "attempt": "\(job.attempt)"])
                return .discarded
            case .retryScheduled(let at):
                logger.warning("job failed; will retry", metadata: ["error": "\(message)", "attempt": "\(job.attempt)", "retry_at": "\(at)"])
                return .retried
            case .leaseLost:
                return .leaseLost
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }

    /// Writes the outcome of an attempt that did not stop when asked.
    func abandon(_ fence: JobFence, reason: WorkerStateMachine.StopReason) async {
        logger.warning("attempt ignored cancellation; abandoned (its late writes are fenced out)", metadata: [
            "job_id": "\(fence.id)", "reason": "\(reason)",
        ])
        do {
            switch reason {
            case .timeout(let limit):
                try await withDeadline(options.queryTimeout, "fail") { [queue] in
                    try await queue.fail(
                        fence, error: "\(JobTimeoutError(timeout: limit)) (the handler ignored cancellation)",
                        retryDelay: RetryPolicy().delay(afterAttempt: 1)
                    )
                }
            case .shutdown:
                try await withDeadline(options.queryTimeout, "release") { [queue] in try await queue.release([fence]) }
            case .cancelRequested:
                try await withDeadline(options.queryTimeout, "cancel") { [queue] in try await queue.markCancelled(fence) }
            case .leaseLost:
                break
            }
        } catch {
            // The lease is no longer renewed: the rescuer retries the job once it expires.
            logger.error("could not record abandoned attempt", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// The metrics of `kind`, created on first use.
    func metrics(for kind: String) -> KindMetrics {
        metricsCache.withLock { cache in
            if let metrics = cache[kind] { return metrics }
            let metrics = KindMetrics(kind: kind)
            cache[kind] = metrics
            return metrics
        }
    }
}
