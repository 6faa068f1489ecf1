import Foundation
import Core
public import Jobs
public import Logging
import Metrics
public import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// Runs claimed jobs with bounded concurrency: the `worker` role.
///
/// - Wakes on `NOTIFY` (a dedicated LISTEN connection) within milliseconds of a commit, and polls
///   every ``WorkerOptions/pollInterval`` as a backstop (and as the only way when LISTEN is off).
/// - Claims in batches up to free slots plus a local buffer; completions are written in batches.
/// - Heartbeats extend leases; a lease found lost or a cancellation request cancels the attempt.
/// - Rescues expired leases of dead workers every ``WorkerOptions/rescueInterval``.
/// - On graceful shutdown stops claiming, releases buffered jobs, lets running jobs finish within
///   ``WorkerOptions/shutdownTimeout``, then cancels them and releases them for another worker.
public final class JobWorker: Service, Sendable {
    /// Why a running attempt's task was cancelled; decides what is written afterwards.
    enum StopReason: Sendable, Equatable { case cancelRequested, leaseLost, shutdown, timeout(Duration) }

    struct Running: Sendable {
        /// The attempt: its handler, then the write of its outcome. Stopping an attempt cancels
        /// it; the outcome is then written from a task that is not cancelled.
        var task: Task<Void, Never>?
        /// When the handler's timeout passes.
        var deadline: ContinuousClock.Instant?
        var timeout: Duration = .zero
        var stopReason: StopReason?
        /// When the attempt was asked to stop; one that ignores it is abandoned after a grace.
        var stoppedAt: ContinuousClock.Instant?
        /// The watchdog is writing this attempt's outcome for it; the attempt writes nothing.
        var abandoned = false
        /// The handler has returned and its outcome is being written. Its lease is no longer
        /// renewed: a write that is never answered (a request lost with its connection) must not
        /// keep the job leased; if it takes longer than the lease the job is rescued, and the
        /// late write is fenced out.
        var outcomePending = false
    }

    struct State: Sendable {
        var buffer: [ClaimedJob] = []
        var running: [JobFence: Running] = [:]
        var stopping = false
        var pendingCompletions: [JobFence] = []
    }

    let queue: JobQueue
    let registry: JobRegistry
    let options: WorkerOptions
    let listenConnection: (@Sendable () async throws -> PostgresConnection)?
    let logger: Logger
    let state = Mutex(State())
    let wake: AsyncStream<Void>
    let wakeContinuation: AsyncStream<Void>.Continuation
    let flushSignal: AsyncStream<Void>
    let flushContinuation: AsyncStream<Void>.Continuation
    let idleSignal: AsyncStream<Void>
    let idleContinuation: AsyncStream<Void>.Continuation
    let metricsCache = Mutex<[String: KindMetrics]>([:])

    /// A worker over `queue` running the handlers of `registry`. `listenConnection` opens a
    /// dedicated connection for LISTEN; pass `nil` to rely on polling alone.
    public init(
        queue: JobQueue, registry: JobRegistry, options: WorkerOptions,
        listenConnection: (@Sendable () async throws -> PostgresConnection)?, logger: Logger
    ) {
        self.queue = queue
        self.registry = registry
        self.options = options
        self.listenConnection = listenConnection
        var logger = logger
        logger[metadataKey: "worker"] = .string(options.workerID)
        self.logger = logger
        (wake, wakeContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (flushSignal, flushContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (idleSignal, idleContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Number of attempts currently running (for tests and metrics).
    public var runningCount: Int { state.withLock { $0.running.count } }

    /// Runs until graceful shutdown (or cancellation, treated as shutdown with no grace).
    public func run() async throws {
        logger.info("worker started", metadata: [
            "queues": "\(options.queues)", "concurrency": "\(options.concurrency)", "kinds": "\(registry.kinds)",
        ])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                if let listenConnection { group.addTask { await self.listenLoop(listenConnection) } }
                group.addTask { await self.pollLoop() }
                group.addTask { await self.heartbeatLoop() }
                group.addTask { await self.rescueLoop() }
                group.addTask { await self.watchdogLoop() }
                group.addTask { await self.completionLoop() }
                await self.claimLoop()
                await self.drain()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
        await flushCompletions()
        logger.info("worker stopped")
    }

    /// Begins a graceful shutdown, as SIGTERM does through the service group: stop claiming,
    /// release buffered jobs, let running ones finish within the shutdown timeout (idempotent).
    public func triggerShutdown() {
        beginShutdown()
    }

    /// Stops claiming and wakes the loops (idempotent).
    func beginShutdown() {
        state.withLock { $0.stopping = true }
        wakeContinuation.yield()
        idleContinuation.yield()
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    // MARK: Claiming

    func claimLoop() async {
        await withTaskCancellationHandler {
            var failures = 0
            for await _ in wake {
                if isStopping { return }
                do {
                    try await fill()
                    failures = 0
                } catch {
                    failures += 1
                    logger.warning("claim failed; retrying", metadata: ["error": "\(String(reflecting: error))"])
                    try? await Task.sleep(for: .milliseconds(min(100 * (1 << min(failures, 5)), 3_000)))
                    wakeContinuation.yield()
                }
                if isStopping { return }
            }
        } onCancel: {
            self.beginShutdown()
        }
    }

    /// Starts buffered jobs in free slots and claims more until slots and buffer are full or the
    /// queues are empty.
    func fill() async throws {
        while !isStopping {
            startBuffered()
            let (wanted, starving) = state.withLock { s in
                (options.concurrency + options.bufferSize - s.running.count - s.buffer.count,
                 s.buffer.isEmpty && s.running.count < options.concurrency)
            }
            // Claim in large batches: a worker with free slots and nothing buffered claims at once
            // (pickup latency, steady trickles); one with work in hand waits until a quarter of
            // its capacity is free, so each round trip carries many jobs.
            if wanted <= 0 || (!starving && wanted < options.claimThreshold) { return }
            var claimed = 0
            for name in options.queues where claimed < wanted {
                // Completions waiting to be written ride along with the claim.
                let completing = takeCompletions()
                let jobs: [ClaimedJob]
                do {
                    let limit = wanted - claimed
                    jobs = try await withDeadline(options.queryTimeout, "claim") { [queue, options] in
                        try await queue.claim(
                            queue: name, limit: limit, worker: options.workerID, leaseDuration: options.leaseDuration,
                            completing: completing
                        )
                    }
                } catch {
                    returnCompletions(completing)
                    throw error
                }
                claimed += jobs.count
                let release = state.withLock { s -> [ClaimedJob] in
                    if s.stopping { return jobs }
                    s.buffer.append(contentsOf: jobs)
                    return []
                }
                if !release.isEmpty {
                    _ = try? await withDeadline(options.queryTimeout, "release") { [queue] in
                        try await queue.release(release.map(\.fence))
                    }
                    return
                }
                startBuffered()
            }
            if claimed < wanted { return }
        }
    }

    func startBuffered() {
        state.withLock { s in
            while s.running.count < options.concurrency, !s.stopping, !s.buffer.isEmpty {
                let job = s.buffer.removeFirst()
                s.running[job.fence] = Running()
                let task = Task { await self.execute(job) }
                s.running[job.fence]?.task = task
            }
        }
    }

    // MARK: Running one attempt

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
            state.withLock { s in
                s.running[job.fence]?.deadline = started + entry.timeout
                s.running[job.fence]?.timeout = entry.timeout
            }
            do {
                try await entry.run(job, context)
            } catch {
                failure = error
            }
        } else {
            failure = MissingHandlerError(kind: job.kind)
        }
        metrics.runTime.recordNanoseconds(Int64((ContinuousClock.now - started).seconds * 1e9))
        let (tracked, reason) = state.withLock { s in
            s.running[job.fence]?.outcomePending = true
            return (s.running[job.fence].map { !$0.abandoned } ?? false, s.running[job.fence]?.stopReason)
        }
        guard tracked else {
            // Abandoned by the watchdog, which already wrote the outcome; whatever this
            // attempt would write now is fenced out anyway.
            wakeContinuation.yield()
            return
        }
        if Task.isCancelled {
            // This task was cancelled to stop the handler; queries from it would be cancelled too.
            await Task { await self.record(job, failure: failure, stopReason: reason, retry: retry, logger: jobLogger) }.value
        } else {
            await record(job, failure: failure, stopReason: reason, retry: retry, logger: jobLogger)
        }
        let becameIdle = state.withLock { s -> Bool in
            s.running[job.fence] = nil
            return s.running.isEmpty
        }
        if becameIdle { idleContinuation.yield() }
        wakeContinuation.yield()
    }

    /// Writes the attempt's outcome; every write is fenced by the lease.
    func record(_ job: ClaimedJob, failure: (any Error)?, stopReason: StopReason?, retry: RetryPolicy, logger: Logger) async {
        let outcome: String
        do {
            switch (failure, stopReason) {
            case (nil, .leaseLost):
                outcome = "lease_lost"
            case (nil, _):
                state.withLock { $0.pendingCompletions.append(job.fence) }
                flushContinuation.yield()
                outcome = "succeeded"
            case (_, .leaseLost):
                outcome = "lease_lost"
                logger.warning("attempt stopped: lease lost (job was rescued or released)")
            case (_, .cancelRequested):
                try await withDeadline(options.queryTimeout, "cancel") { [queue] in try await queue.markCancelled(job.fence) }
                outcome = "cancelled"
            case (_, .shutdown):
                try await withDeadline(options.queryTimeout, "release") { [queue] in try await queue.release([job.fence]) }
                outcome = "released"
            case (_, .timeout(let limit)):
                outcome = try await recordFailure(job, error: JobTimeoutError(timeout: limit), retry: retry, logger: logger)
            case (let error?, nil):
                outcome = try await recordFailure(job, error: error, retry: retry, logger: logger)
            }
        } catch {
            // The lease will expire and the rescuer will retry the job: nothing is lost.
            logger.error("could not record job outcome", metadata: ["error": "\(String(reflecting: error))"])
            return
        }
        metrics(for: job.kind).finished(outcome).increment()
    }

    func recordFailure(_ job: ClaimedJob, error: any Error, retry: RetryPolicy, logger: Logger) async throws -> String {
        switch error {
        case let snooze as JobSnooze:
            try await withDeadline(options.queryTimeout, "snooze") { [queue] in try await queue.snooze(job.fence, for: snooze.delay) }
            return "snoozed"
        case let permanent as PermanentJobError:
            logger.error("job discarded: permanent error", metadata: ["error": "\(permanent.message)"])
            try await withDeadline(options.queryTimeout, "fail") { [queue] in
                try await queue.fail(job.fence, error: permanent.message, retryDelay: .zero, permanent: true)
            }
            return "discarded"
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
                return "discarded"
            case .retryScheduled(let at):
                logger.warning("job failed; will retry", metadata: ["error": "\(message)", "attempt": "\(job.attempt)", "retry_at": "\(at)"])
                return "retried"
            case .leaseLost:
                return "lease_lost"
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }

    // MARK: Background loops

    func pollLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: options.pollInterval)
            wakeContinuation.yield()
        }
    }

    func heartbeatLoop() async {
        let interval = options.leaseDuration / 3
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            // Attempts whose handler still runs, and buffered jobs (see `Running.outcomePending`).
            let fences = state.withLock { s in s.running.filter { !$0.value.outcomePending }.map(\.key) + s.buffer.map(\.fence) }
            guard !fences.isEmpty else { continue }
            do {
                let (held, cancelRequested) = try await withDeadline(options.queryTimeout, "heartbeat") { [queue, options] in
                    try await queue.heartbeat(fences, leaseDuration: options.leaseDuration)
                }
                let lost = fences.filter { !held.contains($0) }
                for fence in lost { stop(fence, reason: .leaseLost) }
                for fence in cancelRequested { stop(fence, reason: .cancelRequested) }
            } catch {
                logger.warning("heartbeat failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// Stops attempts that ran past their kind's timeout, and abandons attempts that ignore being
    /// stopped for longer than ``WorkerOptions/abandonAfter`` (a handler stuck in a call that
    /// never returns): their outcome is written for them, their slot is freed, and their lease is
    /// no longer renewed, so nothing waits on them forever.
    func watchdogLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
            let now = ContinuousClock.now
            let (expired, stuck) = state.withLock { s -> ([(JobFence, Duration)], [(JobFence, StopReason)]) in
                var expired: [(JobFence, Duration)] = []
                var stuck: [(JobFence, StopReason)] = []
                for (fence, running) in s.running where !running.abandoned {
                    if let reason = running.stopReason, let stoppedAt = running.stoppedAt {
                        if stoppedAt + options.abandonAfter <= now { stuck.append((fence, reason)) }
                    } else if let deadline = running.deadline, deadline <= now {
                        expired.append((fence, running.timeout))
                    }
                }
                for (fence, _) in stuck { s.running[fence]?.abandoned = true }
                return (expired, stuck)
            }
            for (fence, limit) in expired { stop(fence, reason: .timeout(limit)) }
            for (fence, reason) in stuck {
                // The slot is freed only once the outcome is written, so a draining worker
                // waits for these writes before it stops.
                await abandon(fence, reason: reason)
                state.withLock { _ = $0.running.removeValue(forKey: fence) }
            }
            if !stuck.isEmpty {
                if state.withLock({ $0.running.isEmpty }) { idleContinuation.yield() }
                wakeContinuation.yield()
            }
        }
    }

    /// Writes the outcome of an attempt that did not stop when asked.
    func abandon(_ fence: JobFence, reason: StopReason) async {
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

    func rescueLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: options.rescueInterval)
            if Task.isCancelled { return }
            do {
                let rescued = try await withDeadline(options.queryTimeout, "rescue") { [queue] in try await queue.rescueExpired() }
                if rescued > 0 {
                    logger.notice("rescued jobs with expired leases", metadata: ["count": "\(rescued)"])
                    wakeContinuation.yield()
                }
            } catch {
                logger.warning("rescue failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    func completionLoop() async {
        for await _ in flushSignal {
            try? await Task.sleep(for: options.completionFlushInterval)
            await flushCompletions()
            if Task.isCancelled { return }
        }
    }

    /// Takes up to one batch of completions waiting to be written.
    func takeCompletions() -> [JobFence] {
        state.withLock { s -> [JobFence] in
            let count = min(s.pendingCompletions.count, options.completionBatchSize)
            let batch = Array(s.pendingCompletions.prefix(count))
            s.pendingCompletions.removeFirst(count)
            return batch
        }
    }

    /// Puts completions back after a failed write (they are fenced, so writing them later is safe).
    func returnCompletions(_ batch: [JobFence]) {
        guard !batch.isEmpty else { return }
        state.withLock { $0.pendingCompletions.insert(contentsOf: batch, at: 0) }
        flushContinuation.yield()
    }

    /// Writes buffered completions in batches; a failed write keeps them for the next flush.
    func flushCompletions() async {
        while true {
            let batch = takeCompletions()
            if batch.isEmpty { return }
            do {
                try await withDeadline(options.queryTimeout, "complete") { [queue] in try await queue.complete(batch) }
            } catch {
                logger.warning("completion write failed; will retry", metadata: ["error": "\(String(reflecting: error))"])
                state.withLock { $0.pendingCompletions.insert(contentsOf: batch, at: 0) }
                try? await Task.sleep(for: .milliseconds(200))
                if Task.isCancelled { return }
            }
        }
    }

    /// Cancels the attempt holding `fence` (or drops it from the buffer) for `reason`.
    func stop(_ fence: JobFence, reason: StopReason) {
        let (task, buffered) = state.withLock { s -> (Task<Void, Never>?, ClaimedJob?) in
            if let index = s.buffer.firstIndex(where: { $0.fence == fence }) {
                return (nil, s.buffer.remove(at: index))
            }
            guard s.running[fence] != nil, s.running[fence]?.stopReason == nil else { return (nil, nil) }
            s.running[fence]?.stopReason = reason
            s.running[fence]?.stoppedAt = ContinuousClock.now
            return (s.running[fence]?.task, nil)
        }
        task?.cancel()
        if let buffered, reason == .cancelRequested {
            Task { _ = try? await self.queue.markCancelled(buffered.fence) }
        }
    }

    /// Cancels the running attempt of job `id`, if this worker runs it (a cancellation NOTIFY).
    func cancelJob(id: Int64) {
        let fences = state.withLock { s in s.running.keys.filter { $0.id == id } + s.buffer.filter { $0.id == id }.map(\.fence) }
        for fence in fences { stop(fence, reason: .cancelRequested) }
    }

    func listenLoop(_ connect: @escaping @Sendable () async throws -> PostgresConnection) async {
        let openConnection = Mutex<PostgresConnection?>(nil)
        var failures = 0
        while !Task.isCancelled {
            openConnection.withLock { $0 = nil }
            do {
                let connection = try await connect()
                openConnection.withLock { $0 = connection }
                failures = 0
                wakeContinuation.yield()
                try await withTaskCancellationHandler {
                    try await connection.listen(on: JobQueue.wakeChannel) { wakes in
                        try await connection.listen(on: JobQueue.cancelChannel) { cancels in
                            try await withThrowingTaskGroup(of: Void.self) { group in
                                group.addTask {
                                    for try await _ in wakes { self.wakeContinuation.yield() }
                                }
                                group.addTask {
                                    for try await note in cancels {
                                        if let id = Int64(note.payload) { self.cancelJob(id: id) }
                                    }
                                }
                                try await group.next()
                                group.cancelAll()
                            }
                        }
                    }
                } onCancel: {
                    connection.close().whenComplete { _ in }
                }
                try? await connection.close().get()
            } catch {
                if let connection = openConnection.withLock({ $0 }) { try? await connection.close().get() }
                if Task.isCancelled { return }
                failures += 1
                logger.warning("LISTEN connection lost; polling until it is back", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: .milliseconds(min(100 * (1 << min(failures, 6)), 5_000)))
        }
    }

    // MARK: Shutdown

    /// Releases buffered jobs, waits for running ones up to the deadline, then cancels and
    /// releases those still running.
    func drain() async {
        let buffered = state.withLock { s -> [ClaimedJob] in
            defer { s.buffer.removeAll() }
            return s.buffer
        }
        if !buffered.isEmpty { _ = try? await queue.release(buffered.map(\.fence)) }
        let deadline = ContinuousClock.now + options.shutdownTimeout
        while runningCount > 0, ContinuousClock.now < deadline {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in self.idleSignal { return } }
                group.addTask { try? await Task.sleep(for: .milliseconds(50)) }
                await group.next()
                group.cancelAll()
            }
        }
        let remaining = state.withLock { s -> [JobFence] in Array(s.running.keys) }
        if !remaining.isEmpty {
            logger.notice("shutdown deadline passed: cancelling and releasing running jobs", metadata: ["count": "\(remaining.count)"])
            for fence in remaining { stop(fence, reason: .shutdown) }
            // Cancelled attempts release their jobs; the watchdog abandons (and releases) any
            // that ignore cancellation, so this wait is bounded.
            let limit = ContinuousClock.now + options.abandonAfter + min(options.queryTimeout, .seconds(10))
            while runningCount > 0, ContinuousClock.now < limit {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

/// A job whose kind has no handler in this build.
public struct MissingHandlerError: Error, CustomStringConvertible {
    /// The kind.
    public let kind: String
    /// `no handler for kind X`.
    public var description: String { "no handler for kind \(kind) in this worker build" }
}

/// An attempt that ran past its kind's timeout.
public struct JobTimeoutError: Error, CustomStringConvertible {
    /// The limit.
    public let timeout: Duration
    /// `timed out after …`.
    public var description: String { "timed out after \(timeout)" }
}

/// The metrics of one job kind, created once per worker.
final class KindMetrics: Sendable {
    let kind: String
    let started: Counter
    let queueLatency: Metrics.Timer
    let runTime: Metrics.Timer
    let outcomes: Mutex<[String: Counter]>

    init(kind: String) {
        self.kind = kind
        started = Counter(label: "vantahire_jobs_started_total", dimensions: [("kind", kind)])
        queueLatency = Metrics.Timer(label: "vantahire_job_queue_latency_seconds", dimensions: [("kind", kind)], preferredDisplayUnit: .seconds)
        runTime = Metrics.Timer(label: "vantahire_job_run_duration_seconds", dimensions: [("kind", kind)], preferredDisplayUnit: .seconds)
        outcomes = Mutex([:])
    }

    /// The counter of attempts of this kind that ended with `outcome`.
    func finished(_ outcome: String) -> Counter {
        outcomes.withLock { counters in
            if let counter = counters[outcome] { return counter }
            let counter = Counter(label: "vantahire_jobs_finished_total", dimensions: [("kind", kind), ("outcome", outcome)])
            counters[outcome] = counter
            return counter
        }
    }
}

extension JobWorker {
    func metrics(for kind: String) -> KindMetrics {
        metricsCache.withLock { cache in
            if let metrics = cache[kind] { return metrics }
            let metrics = KindMetrics(kind: kind)
            cache[kind] = metrics
            return metrics
        }
    }
}
