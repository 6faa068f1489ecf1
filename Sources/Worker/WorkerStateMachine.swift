import Jobs

/// The job worker's bookkeeping as a pure state machine: no I/O, no clock, no tasks.
///
/// It holds the claimed jobs waiting for a slot (the buffer), the attempts running (their
/// deadlines, why they were asked to stop, whether they were abandoned, whether their outcome is
/// being written) and the completions waiting to be written in one batch. Every input is a
/// `mutating` event that returns the ``Action``s ``JobWorker`` must perform, in order; time is an
/// input (`now`). The worker owns the tasks, the connections and the timers, and feeds the
/// results of its queries back as events.
///
/// Its rules:
/// - a worker claims only while it is not stopping; an idle one (free slots, nothing buffered)
///   claims at once, a busy one only when at least ``Configuration/claimThreshold`` jobs fit;
/// - buffered jobs start as slots free up; jobs claimed while stopping are released;
/// - leases are renewed for buffered jobs and for attempts whose handler still runs, never while
///   an attempt's outcome is being written (an unanswered write must not keep a job leased);
/// - an attempt is stopped at most once (timeout, cancellation, lost lease, shutdown), and the
///   reason decides what is written when its handler returns;
/// - an attempt that ignores being stopped for ``Configuration/abandonAfter`` is abandoned: the
///   worker writes its outcome for it, and what the attempt would write later is skipped;
/// - successes are written in batches of at most ``Configuration/completionBatchSize``; a batch
///   whose write failed is put back in front.
struct WorkerStateMachine: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// The limits the machine enforces.
    struct Configuration: Sendable, Equatable {
        /// Attempts running at once.
        var concurrency: Int
        /// Claimed jobs held locally for the next free slot.
        var bufferSize: Int
        /// A busy worker claims only when at least this many jobs fit.
        var claimThreshold: Int
        /// Completions written per statement at most.
        var completionBatchSize: Int
        /// How long a stopped attempt may ignore it before it is abandoned.
        var abandonAfter: Duration

        /// The limits of `options`.
        init(_ options: WorkerOptions) {
            self.init(
                concurrency: options.concurrency, bufferSize: options.bufferSize, claimThreshold: options.claimThreshold,
                completionBatchSize: options.completionBatchSize, abandonAfter: options.abandonAfter
            )
        }

        /// Explicit limits (tests).
        init(concurrency: Int, bufferSize: Int, claimThreshold: Int, completionBatchSize: Int, abandonAfter: Duration) {
            self.concurrency = concurrency
            self.bufferSize = bufferSize
            self.claimThreshold = claimThreshold
            self.completionBatchSize = completionBatchSize
            self.abandonAfter = abandonAfter
        }
    }

    /// Why a running attempt was asked to stop; decides what is written afterwards.
    enum StopReason: Sendable, Equatable {
        /// Its job's cancellation was requested.
        case cancelRequested
        /// A heartbeat found its lease no longer held (rescued or released).
        case leaseLost
        /// The worker's shutdown deadline passed.
        case shutdown
        /// It ran past its kind's timeout.
        case timeout(Duration)
    }

    /// What the worker must do.
    enum Action: Sendable, Equatable {
        /// Run this attempt in a task of its own (its handler, then the write of its outcome).
        case start(ClaimedJob)
        /// Cancel the task of this attempt.
        case cancel(JobFence)
        /// Record that this claimed job, which never started, was cancelled.
        case markCancelled(JobFence)
        /// Hand these claimed jobs back to the queue.
        case release([JobFence])
        /// Write the outcome of an attempt abandoned for this reason, then send ``attemptEnded(_:)``.
        case writeAbandoned(JobFence, StopReason)
        /// Completions are waiting: make sure a batched write is scheduled.
        case scheduleFlush
        /// Slots or jobs may be available: wake the claimer.
        case wakeClaimer
        /// Wake whoever waits for the running attempts to end (a draining worker).
        case wakeDrainer
        /// The attempt is over: forget its task.
        case forget(JobFence)
    }

    /// What the worker writes once an attempt's handler has returned.
    enum Disposition: Sendable, Equatable {
        /// Nothing: the attempt was abandoned and its outcome written for it.
        case abandoned
        /// Nothing now: the success is queued for the next batched completion.
        case completed
        /// Nothing: the lease is no longer held.
        case leaseLost
        /// The cancellation.
        case markCancelled
        /// Hand the job back (shutdown).
        case release
        /// The failure: the handler's error, or a timeout after the given limit.
        case recordFailure(timeout: Duration?)
    }

    /// One running attempt.
    private struct Attempt: Sendable {
        /// When the handler's timeout passes (set once the handler starts).
        var deadline: Instant?
        var timeout: Duration = .zero
        var stopReason: StopReason?
        /// When the attempt was asked to stop.
        var stoppedAt: Instant?
        /// Its outcome is being (or was) written by the worker for it.
        var abandoned = false
        /// The handler has returned and its outcome is being written: no more heartbeats.
        var outcomePending = false
    }

    let configuration: Configuration
    /// Claimed jobs waiting for a slot, in claim order.
    private(set) var buffer: [ClaimedJob] = []
    private var running: [JobFence: Attempt] = [:]
    /// Shutdown has begun: nothing more is claimed or started.
    private(set) var isStopping = false
    /// Successes waiting to be written, oldest first.
    private(set) var pendingCompletions: [JobFence] = []

    /// A machine with nothing claimed.
    init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Attempts running (including abandoned ones whose outcome is still being written).
    var runningCount: Int { running.count }

    /// Whether the attempt holding `fence` is tracked as running.
    func isRunning(_ fence: JobFence) -> Bool { running[fence] != nil }

    // MARK: Claiming

    /// Moves buffered jobs into free slots.
    mutating func startBuffered() -> [Action] {
        var actions: [Action] = []
        while running.count < configuration.concurrency, !isStopping, !buffer.isEmpty {
            let job = buffer.removeFirst()
            running[job.fence] = Attempt()
            actions.append(.start(job))
        }
        return actions
    }

    /// How many jobs to claim now, or `nil` when the worker should not claim: it is stopping,
    /// it is full, or it is busy and fewer than ``Configuration/claimThreshold`` jobs fit (so
    /// that each round trip carries many jobs).
    var claimLimit: Int? {
        if isStopping { return nil }
        let wanted = configuration.concurrency + configuration.bufferSize - running.count - buffer.count
        let starving = buffer.isEmpty && running.count < configuration.concurrency
        if wanted <= 0 || (!starving && wanted < configuration.claimThreshold) { return nil }
        return wanted
    }

    /// A claim returned `jobs`: they are buffered and started in free slots, or released when
    /// shutdown began while the claim was in flight.
    mutating func claimed(_ jobs: [ClaimedJob]) -> [Action] {
        if isStopping { return jobs.isEmpty ? [] : [.release(jobs.map(\.fence))] }
        buffer.append(contentsOf: jobs)
        return startBuffered()
    }

    /// Takes up to one batch of completions to write (alone, or riding along with a claim).
    mutating func takeCompletions() -> [JobFence] {
        let count = min(pendingCompletions.count, configuration.completionBatchSize)
        let batch = Array(pendingCompletions.prefix(count))
        pendingCompletions.removeFirst(count)
        return batch
    }

    /// A claim carrying `completing` failed: the completions go back in front (they are fenced,
    /// so writing them later is safe) and a flush is scheduled.
    mutating func claimFailed(completing: [JobFence]) -> [Action] {
        guard !completing.isEmpty else { return [] }
        pendingCompletions.insert(contentsOf: completing, at: 0)
        return [.scheduleFlush]
    }

    /// A batched completion write failed: the batch goes back in front for the flusher's retry.
    mutating func completionWriteFailed(_ batch: [JobFence]) {
        pendingCompletions.insert(contentsOf: batch, at: 0)
    }

    // MARK: One attempt

    /// The attempt's handler started at `now` with its kind's `timeout`.
    mutating func handlerStarted(_ fence: JobFence, timeout: Duration, now: Instant) {
        running[fence]?.deadline = now + timeout
        running[fence]?.timeout = timeout
    }

    /// The attempt's handler returned (`failed` if it threw, or had no handler): from now on its
    /// lease is no longer renewed. Returns what to write, given why it was stopped, if it was.
    mutating func handlerReturned(_ fence: JobFence, failed: Bool) -> (Disposition, [Action]) {
        guard running[fence] != nil else { return (.abandoned, [.wakeClaimer]) }
        running[fence]?.outcomePending = true
        guard let attempt = running[fence], !attempt.abandoned else { return (.abandoned, [.wakeClaimer]) }
        switch (failed, attempt.stopReason) {
        case (_, .leaseLost):
            return (.leaseLost, [])
        case (false, _):
            pendingCompletions.append(fence)
            return (.completed, [.scheduleFlush])
        case (true, .cancelRequested):
            return (.markCancelled, [])
        case (true, .shutdown):
            return (.release, [])
        case (true, .timeout(let limit)):
            return (.recordFailure(timeout: limit), [])
        case (true, nil):
            return (.recordFailure(timeout: nil), [])
        }
    }

    /// The attempt's outcome was written (or its write gave up, or was abandoned and written by
    /// the worker): its slot is free.
    mutating func attemptEnded(_ fence: JobFence) -> [Action] {
        guard running.removeValue(forKey: fence) != nil else { return [] }
        return (running.isEmpty ? [.wakeDrainer] : []) + [.forget(fence), .wakeClaimer]
    }

    // MARK: Stopping attempts

    /// Stops the attempt holding `fence` (or drops it from the buffer) for `reason`. An attempt
    /// is stopped once: a later reason is ignored.
    mutating func stop(_ fence: JobFence, reason: StopReason, now: Instant) -> [Action] {
        if let index = buffer.firstIndex(where: { $0.fence == fence }) {
            buffer.remove(at: index)
            return reason == .cancelRequested ? [.markCancelled(fence)] : []
        }
        guard let attempt = running[fence], attempt.stopReason == nil else { return [] }
        running[fence]?.stopReason = reason
        running[fence]?.stoppedAt = now
        return [.cancel(fence)]
    }

    /// The cancellation of job `id` was requested (a NOTIFY): stops its attempt here, if any.
    mutating func cancelRequested(jobID id: Int64, now: Instant) -> [Action] {
        let fences = running.keys.filter { $0.id == id } + buffer.filter { $0.id == id }.map(\.fence)
        return fences.flatMap { stop($0, reason: .cancelRequested, now: now) }
    }

    /// The leases to renew: buffered jobs and attempts whose handler still runs.
    var heartbeatFences: [JobFence] {
        running.filter { !$0.value.outcomePending }.map(\.key) + buffer.map(\.fence)
    }

    /// A heartbeat for `sent` answered: the fences missing from `held` were lost, and those in
    /// `cancelRequested` must stop.
    mutating func heartbeatAnswered(
        sent: [JobFence], held: Set<JobFence>, cancelRequested: Set<JobFence>, now: Instant
    ) -> [Action] {
        let lost = sent.filter { !held.contains($0) }
        return lost.flatMap { stop($0, reason: .leaseLost, now: now) }
            + sent.filter(cancelRequested.contains).flatMap { stop($0, reason: .cancelRequested, now: now) }
    }

    /// The watchdog: stops attempts that ran past their timeout, and abandons those that have
    /// ignored being stopped for ``Configuration/abandonAfter`` (a handler stuck in a call that
    /// never returns). An abandoned attempt keeps its slot until its outcome is written.
    mutating func tick(now: Instant) -> [Action] {
        var expired: [(JobFence, Duration)] = []
        var stuck: [(JobFence, StopReason)] = []
        for (fence, attempt) in running where !attempt.abandoned {
            if let reason = attempt.stopReason, let stoppedAt = attempt.stoppedAt {
                if stoppedAt + configuration.abandonAfter <= now { stuck.append((fence, reason)) }
            } else if let deadline = attempt.deadline, deadline <= now {
                expired.append((fence, attempt.timeout))
            }
        }
        for (fence, _) in stuck { running[fence]?.abandoned = true }
        return expired.flatMap { stop($0.0, reason: .timeout($0.1), now: now) }
            + stuck.map { Action.writeAbandoned($0.0, $0.1) }
    }

    // MARK: Shutdown

    /// Graceful shutdown begins: nothing more is claimed or started.
    mutating func beginShutdown() -> [Action] {
        isStopping = true
        return [.wakeClaimer, .wakeDrainer]
    }

    /// The claimer has stopped: buffered jobs are released.
    mutating func drainStarted() -> [Action] {
        isStopping = true
        let fences = buffer.map(\.fence)
        buffer.removeAll()
        return fences.isEmpty ? [] : [.release(fences)]
    }

    /// The shutdown timeout passed: every running attempt not already stopped is stopped (and
    /// its job released once its handler returns, or once it is abandoned).
    mutating func shutdownTimeoutPassed(now: Instant) -> [Action] {
        running.keys.flatMap { stop($0, reason: .shutdown, now: now) }
    }
}
