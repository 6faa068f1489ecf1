import Foundation
import Core
public import Jobs
public import Logging
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
///
/// The decisions (what to claim, start, stop, abandon, write) are made by a
/// ``WorkerStateMachine``; this type executes its actions: it owns the attempts' tasks, the
/// queries, the LISTEN connection and the timers, and feeds their results back as events.
public final class JobWorker: Service, Sendable {
    typealias Action = WorkerStateMachine.Action

    /// The machine and the tasks of the attempts it started, changed together under one lock so
    /// that an attempt is never stopped before its task exists.
    struct State: Sendable {
        var machine: WorkerStateMachine
        var tasks: [JobFence: Task<Void, Never>] = [:]
    }

    let queue: JobQueue
    let registry: JobRegistry
    let options: WorkerOptions
    let listenConnection: (@Sendable () async throws -> PostgresConnection)?
    let logger: Logger
    let state: Mutex<State>
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
        state = Mutex(State(machine: WorkerStateMachine(configuration: .init(options))))
        (wake, wakeContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (flushSignal, flushContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (idleSignal, idleContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Number of attempts currently running (for tests and metrics).
    public var runningCount: Int { state.withLock { $0.machine.runningCount } }

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
        send { $0.beginShutdown() }
    }

    var isStopping: Bool { state.withLock { $0.machine.isStopping } }

    // MARK: Executing the machine's actions

    /// Feeds one event to the machine and performs its immediate actions (start or cancel a
    /// task, wake a loop, a fire-and-forget cancellation); returns the writes to await, for
    /// ``perform(_:)``.
    @discardableResult
    func send(_ event: (inout WorkerStateMachine) -> [Action]) -> [Action] {
        send { machine in ((), event(&machine)) }.1
    }

    /// ``send(_:)`` for an event that also returns a value.
    func send<Value: Sendable>(_ event: (inout WorkerStateMachine) -> (Value, [Action])) -> (Value, [Action]) {
        let (value, actions, cancelled) = state.withLock { s -> (Value, [Action], [Task<Void, Never>]) in
            let (value, actions) = event(&s.machine)
            var cancelled: [Task<Void, Never>] = []
            for action in actions {
                switch action {
                case .start(let job):
                    s.tasks[job.fence] = Task { await self.execute(job) }
                case .cancel(let fence):
                    if let task = s.tasks[fence] { cancelled.append(task) }
                case .forget(let fence):
                    s.tasks[fence] = nil
                default:
                    break
                }
            }
            return (value, actions, cancelled)
        }
        for task in cancelled { task.cancel() }
        var writes: [Action] = []
        for action in actions {
            switch action {
            case .wakeClaimer:
                wakeContinuation.yield()
            case .scheduleFlush:
                flushContinuation.yield()
            case .wakeDrainer:
                idleContinuation.yield()
            case .markCancelled(let fence):
                Task { _ = try? await self.queue.markCancelled(fence) }
            case .release, .writeAbandoned:
                writes.append(action)
            case .start, .cancel, .forget:
                break
            }
        }
        return (value, writes)
    }

    /// Performs the writes ``send(_:)`` returned, in order.
    func perform(_ writes: [Action]) async {
        for action in writes {
            switch action {
            case .release(let fences):
                _ = try? await withDeadline(options.queryTimeout, "release") { [queue] in try await queue.release(fences) }
            case .writeAbandoned(let fence, let reason):
                // The slot is freed only once the outcome is written, so a draining worker
                // waits for these writes before it stops.
                await abandon(fence, reason: reason)
                await perform(send { $0.attemptEnded(fence) })
            default:
                break
            }
        }
    }

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
        while true {
            // Claim in large batches: a worker with free slots and nothing buffered claims at once
            // (pickup latency, steady trickles); one with work in hand waits until a quarter of
            // its capacity is free, so each round trip carries many jobs.
            let (limit, _) = send { machine -> (Int?, [Action]) in
                let started = machine.startBuffered()
                return (machine.claimLimit, started)
            }
            guard let wanted = limit else { return }
            var claimed = 0
            for name in options.queues where claimed < wanted {
                // Completions waiting to be written ride along with the claim.
                let completing = state.withLock { $0.machine.takeCompletions() }
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
                    send { $0.claimFailed(completing: completing) }
                    throw error
                }
                claimed += jobs.count
                await perform(send { $0.claimed(jobs) })
                if isStopping { return }
            }
            if claimed < wanted { return }
        }
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
            let fences = state.withLock { $0.machine.heartbeatFences }
            guard !fences.isEmpty else { continue }
            do {
                let (held, cancelRequested) = try await withDeadline(options.queryTimeout, "heartbeat") { [queue, options] in
                    try await queue.heartbeat(fences, leaseDuration: options.leaseDuration)
                }
                await perform(send {
                    $0.heartbeatAnswered(sent: fences, held: held, cancelRequested: cancelRequested, now: .now)
                })
            } catch {
                logger.warning("heartbeat failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// Ticks the machine's watchdog: attempts past their timeout are stopped, and attempts that
    /// ignore being stopped for ``WorkerOptions/abandonAfter`` are abandoned (their outcome is
    /// written for them, their slot freed, their lease no longer renewed).
    func watchdogLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
            await perform(send { $0.tick(now: .now) })
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

    /// Writes buffered completions in batches; a failed write keeps them for the next flush.
    func flushCompletions() async {
        while true {
            let batch = state.withLock { $0.machine.takeCompletions() }
            if batch.isEmpty { return }
            do {
                try await withDeadline(options.queryTimeout, "complete") { [queue] in try await queue.complete(batch) }
            } catch {
                logger.warning("completion write failed; will retry", metadata: ["error": "\(String(reflecting: error))"])
                state.withLock { $0.machine.completionWriteFailed(batch) }
                try? await Task.sleep(for: .milliseconds(200))
                if Task.isCancelled { return }
            }
        }
    }

    /// Cancels the running attempt of job `id`, if this worker runs it (a cancellation NOTIFY).
    func cancelJob(id: Int64) {
        send { $0.cancelRequested(jobID: id, now: .now) }
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
        await perform(send { $0.drainStarted() })
        let deadline = ContinuousClock.now + options.shutdownTimeout
        while runningCount > 0, ContinuousClock.now < deadline {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in self.idleSignal { return } }
                group.addTask { try? await Task.sleep(for: .milliseconds(50)) }
                await group.next()
                group.cancelAll()
            }
        }
        let remaining = runningCount
        if remaining > 0 {
            logger.notice("shutdown deadline passed: cancelling and releasing running jobs", metadata: ["count": "\(remaining)"])
            await perform(send { $0.shutdownTimeoutPassed(now: .now) })
            // Cancelled attempts release their jobs; the watchdog abandons (and releases) any
            // that ignore cancellation, so this wait is bounded.
            let limit = ContinuousClock.now + options.abandonAfter + min(options.queryTimeout, .seconds(10))
            while runningCount > 0, ContinuousClock.now < limit {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}
