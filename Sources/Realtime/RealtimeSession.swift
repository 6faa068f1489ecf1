import HTTPTypes
import Logging
import Synchronization

/// The I/O side of one Engine.IO session and the Socket.IO connection it carries.
///
/// All protocol decisions are taken by the two pure state machines it owns
/// (``EngineIOSessionStateMachine`` and ``SocketIOConnectionStateMachine``), under one lock. The
/// session turns their actions into effects: answering a parked GET, handing frames to the
/// WebSocket writer, queueing application work. Application hooks run on one worker task per
/// session, in arrival order, so a slow handler never delays heartbeats.
final class RealtimeSession<Principal: Sendable>: Sendable {
    typealias Engine = EngineIOSessionStateMachine
    typealias SocketIO = SocketIOConnectionStateMachine
    typealias Instant = ContinuousClock.Instant

    /// How a parked GET is answered.
    enum PollOutcome: Sendable, Equatable {
        /// 200 with these packets.
        case packets([EngineIOPacket])
        /// An Engine.IO HTTP error.
        case rejected(EngineIOHTTPError)
    }

    /// What the WebSocket writer of a connection must do.
    enum WebSocketOutput: Sendable, Equatable {
        /// Write one frame per packet.
        case packets([EngineIOPacket])
        /// Close the WebSocket; a reason when it ends the session.
        case close(RealtimeDisconnectReason?)
    }

    /// Application work, run in order on the session's worker task.
    private enum Work: Sendable {
        case authenticate(namespace: String, auth: JSONValue?)
        case connected(RealtimeSocket<Principal>)
        case event(RealtimeSocket<Principal>, RealtimeClientEvent)
        case disconnected(RealtimeSocket<Principal>, RealtimeDisconnectReason)
    }

    private struct AckKey: Hashable, Sendable {
        var namespace: String
        var id: Int
    }

    private struct AckWaiter: Sendable {
        var continuation: CheckedContinuation<[JSONValue], any Error>
        var timeout: Task<Void, Never>
    }

    private struct State: Sendable {
        var engine: Engine
        var socketIO: SocketIO
        var polls: [Engine.PollID: CheckedContinuation<PollOutcome, Never>] = [:]
        var webSockets: [Engine.WebSocketID: AsyncStream<WebSocketOutput>.Continuation] = [:]
        var connecting: [String: RealtimeSocket<Principal>] = [:]
        var sockets: [String: RealtimeSocket<Principal>] = [:]
        var ackWaiters: [AckKey: AckWaiter] = [:]
        /// Client events queued for the worker and not yet started.
        var pendingEvents = 0
        var nextRequestNumber = 0
        var timer: (deadline: Instant, task: Task<Void, Never>)?
        var finished = false

        mutating func nextNumber() -> Int {
            nextRequestNumber += 1
            return nextRequestNumber
        }
    }

    /// Effects gathered under the lock, performed after it in this order.
    private struct Effects: Sendable {
        var polls: [(CheckedContinuation<PollOutcome, Never>, PollOutcome)] = []
        var webSocketOutputs: [(AsyncStream<WebSocketOutput>.Continuation, WebSocketOutput)] = []
        var work: [Work] = []
        var acks: [(CheckedContinuation<[JSONValue], any Error>, Result<[JSONValue], RealtimeAcknowledgementError>)] = []
        var cancelledTasks: [Task<Void, Never>] = []
        var finishWork = false
        var closedReason: RealtimeDisconnectReason?

        /// Performs the effects; returns whether a WebSocket writer's buffer overflowed.
        func perform(on workQueue: AsyncStream<Work>.Continuation) -> Bool {
            var overflowed = false
            for task in cancelledTasks { task.cancel() }
            for (continuation, output) in webSocketOutputs {
                if case .dropped = continuation.yield(output) {
                    overflowed = true
                }
                if case .close = output { continuation.finish() }
            }
            for (continuation, outcome) in polls { continuation.resume(returning: outcome) }
            for item in work { workQueue.yield(item) }
            if finishWork { workQueue.finish() }
            for (continuation, result) in acks { continuation.resume(with: result.mapError { $0 as any Error }) }
            return overflowed
        }
    }

    /// The Engine.IO session id.
    let id: String
    /// The server the session belongs to.
    let server: RealtimeServer<Principal>
    /// The headers of the request that opened the session.
    let headers: HTTPFields
    /// The query of the request that opened the session.
    let query: [String: String]
    /// The transport of the request that opened the session.
    let initialTransport: RealtimeTransport
    let logger: Logger
    private let state: Mutex<State>
    private let workQueue: AsyncStream<Work>.Continuation
    private let workStream: AsyncStream<Work>

    /// Creates a session that answered its handshake on `transport`. For a WebSocket session,
    /// `webSocket` is the writer of that socket; the open packet is queued on it by ``start()``.
    init(
        id: String,
        server: RealtimeServer<Principal>,
        headers: HTTPFields,
        query: [String: String],
        transport: RealtimeTransport,
        webSocket: (Engine.WebSocketID, AsyncStream<WebSocketOutput>.Continuation)?,
        now: Instant = .now
    ) {
        self.id = id
        self.server = server
        self.headers = headers
        self.query = query
        self.initialTransport = transport
        var logger = server.logger
        logger[metadataKey: "realtime_sid"] = .string(id)
        self.logger = logger
        let configuration = server.configuration
        var initial = State(
            engine: Engine(
                configuration: configuration.engine,
                transport: webSocket.map { .webSocket($0.0) } ?? .polling,
                now: now
            ),
            socketIO: SocketIO(namespaces: configuration.namespaces, connectTimeout: configuration.connectTimeout, now: now)
        )
        if let (socketID, continuation) = webSocket {
            initial.webSockets[socketID] = continuation
        }
        self.state = Mutex(initial)
        (self.workStream, self.workQueue) = AsyncStream.makeStream(of: Work.self)
    }

    /// The open packet for this session.
    var openPacket: EngineIOPacket {
        let configuration = server.configuration
        let upgrades = initialTransport == .polling && configuration.transports.contains(.webSocket) ? ["websocket"] : []
        return EngineIOPacketCodec.openPacket(
            sid: id,
            upgrades: upgrades,
            pingInterval: configuration.pingInterval,
            pingTimeout: configuration.pingTimeout,
            maxPayload: configuration.maxPayload
        )
    }

    /// Starts the worker and the timers; a WebSocket session also sends its open packet.
    func start() {
        let workStream = self.workStream
        Task { await self.runWorker(workStream) }
        let open = openPacket
        update { state, effects, _ in
            if case .webSocket(let socketID) = state.engine.transport, let continuation = state.webSockets[socketID] {
                effects.webSocketOutputs.append((continuation, .packets([open])))
            }
        }
    }

    // MARK: Polling

    /// Parks a GET until packets are available (or answers it at once).
    func poll() async -> PollOutcome {
        let pollID = Engine.PollID(value: state.withLock { $0.nextNumber() })
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<PollOutcome, Never>) in
                update { state, effects, now in
                    state.polls[pollID] = continuation
                    apply(state.engine.pollRequested(pollID, now: now), to: &state, effects: &effects, now: now)
                }
            }
        } onCancel: {
            update { state, effects, now in
                apply(state.engine.pollAbandoned(pollID), to: &state, effects: &effects, now: now)
            }
        }
    }

    /// Marks a POST as in flight; `nil` when it may proceed, or the error to answer.
    func beginPost() -> EngineIOHTTPError? {
        update { state, effects, now in
            let (verdict, actions) = state.engine.postStarted(now: now)
            apply(actions, to: &state, effects: &effects, now: now)
            if case .rejected(let error) = verdict { return error }
            return nil
        }
    }

    /// Handles the body of the POST in flight; `nil` when it was accepted, or the error to answer.
    func receivePost(_ body: String) -> EngineIOHTTPError? {
        update { state, effects, now in
            let (verdict, actions) = state.engine.postReceived(body, now: now)
            apply(actions, to: &state, effects: &effects, now: now)
            if case .rejected(let error) = verdict { return error }
            return nil
        }
    }

    /// The body of the POST in flight could not be read (too large, or not UTF-8).
    func failPost(_ reason: RealtimeDisconnectReason) {
        update { state, effects, now in
            apply(state.engine.postFailed(reason, now: now), to: &state, effects: &effects, now: now)
        }
    }

    // MARK: WebSocket

    /// Attaches a WebSocket that wants to upgrade this polling session; `nil` when accepted.
    func attachUpgradeWebSocket(_ continuation: AsyncStream<WebSocketOutput>.Continuation) -> (Engine.WebSocketID, EngineIOHTTPError?) {
        update { state, _, now in
            let socketID = Engine.WebSocketID(value: state.nextNumber())
            switch state.engine.webSocketAttached(socketID, now: now) {
            case .accepted:
                state.webSockets[socketID] = continuation
                return (socketID, nil)
            case .rejected(let error):
                return (socketID, error)
            }
        }
    }

    /// Whether a WebSocket could attach to upgrade this session now.
    var canUpgrade: Bool { state.withLock { $0.engine.canUpgrade } }

    /// A text frame arrived on WebSocket `socketID`.
    func webSocketReceived(text: String, on socketID: Engine.WebSocketID) {
        update { state, effects, now in
            apply(state.engine.webSocketReceived(text: text, on: socketID, now: now), to: &state, effects: &effects, now: now)
        }
    }

    /// A binary frame arrived on WebSocket `socketID`.
    func webSocketReceived(binary: [UInt8], on socketID: Engine.WebSocketID) {
        update { state, effects, now in
            apply(state.engine.webSocketReceived(binary: binary, on: socketID, now: now), to: &state, effects: &effects, now: now)
        }
    }

    /// A message over `maxPayload` arrived on WebSocket `socketID`.
    func webSocketOversized(_ socketID: Engine.WebSocketID) {
        update { state, effects, now in
            apply(state.engine.webSocketOversized(socketID, now: now), to: &state, effects: &effects, now: now)
        }
    }

    /// WebSocket `socketID` broke the framing rules (continuation without a start, invalid UTF-8).
    func webSocketViolation(_ socketID: Engine.WebSocketID, reason: String) {
        update { state, effects, now in
            apply(state.engine.webSocketViolation(on: socketID, reason: reason, now: now), to: &state, effects: &effects, now: now)
        }
    }

    /// WebSocket `socketID` closed.
    func webSocketClosed(_ socketID: Engine.WebSocketID) {
        update { state, effects, now in
            if let continuation = state.webSockets.removeValue(forKey: socketID) {
                continuation.finish()
            }
            apply(state.engine.webSocketClosed(socketID, now: now), to: &state, effects: &effects, now: now)
        }
    }

    // MARK: Application calls

    /// Whether socket `socketID` is still connected to `namespace`.
    func isConnected(socketID: String, namespace: String) -> Bool {
        state.withLock { $0.socketIO.socketID(of: namespace) == socketID }
    }

    /// Queues an already encoded Socket.IO packet for socket `socketID`.
    func send(encodedPacket: String, socketID: String, namespace: String) -> Bool {
        update { state, effects, now in
            guard state.socketIO.socketID(of: namespace) == socketID else { return false }
            apply(state.engine.send([.message(.text(encodedPacket))], now: now), to: &state, effects: &effects, now: now)
            return true
        }
    }

    /// Emits an event wanting an ack and waits for it.
    func emitWithAck(name: String, arguments: [JSONValue], socketID: String, namespace: String, timeout: Duration) async throws -> [JSONValue] {
        let reserved: Int? = update { state, _, _ in
            guard state.socketIO.socketID(of: namespace) == socketID else { return nil }
            return state.socketIO.reserveServerAck(namespace: namespace)
        }
        guard let ackID = reserved else { throw RealtimeAcknowledgementError.disconnected }
        let key = AckKey(namespace: namespace, id: ackID)
        let encoded = SocketIOPacketCodec.encode(.event(namespace: namespace, name: name, arguments: arguments, ackID: ackID))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[JSONValue], any Error>) in
                update { state, effects, now in
                    guard state.socketIO.socketID(of: namespace) == socketID, !Task.isCancelled else {
                        state.socketIO.cancelServerAck(namespace: namespace, ackID: ackID)
                        let error: RealtimeAcknowledgementError = Task.isCancelled ? .cancelled : .disconnected
                        effects.acks.append((continuation, .failure(error)))
                        return
                    }
                    let timeoutTask = Task {
                        try? await Task.sleep(for: timeout)
                        guard !Task.isCancelled else { return }
                        self.expireAck(key, with: .timedOut)
                    }
                    state.ackWaiters[key] = AckWaiter(continuation: continuation, timeout: timeoutTask)
                    apply(state.engine.send([.message(.text(encoded))], now: now), to: &state, effects: &effects, now: now)
                }
            }
        } onCancel: {
            self.expireAck(key, with: .cancelled)
        }
    }

    private func expireAck(_ key: AckKey, with error: RealtimeAcknowledgementError) {
        update { state, effects, _ in
            state.socketIO.cancelServerAck(namespace: key.namespace, ackID: key.id)
            guard let waiter = state.ackWaiters.removeValue(forKey: key) else { return }
            effects.cancelledTasks.append(waiter.timeout)
            effects.acks.append((waiter.continuation, .failure(error)))
        }
    }

    /// Answers the client's event `ackID`.
    func acknowledge(ackID: Int, arguments: [JSONValue], socketID: String, namespace: String) {
        update { state, effects, now in
            guard state.socketIO.socketID(of: namespace) == socketID else { return }
            apply(state.socketIO.acknowledge(namespace: namespace, ackID: ackID, arguments: arguments), to: &state, effects: &effects, now: now)
        }
    }

    /// Disconnects socket `socketID` from `namespace`, and the whole session with `closingConnection`.
    func disconnect(socketID: String, namespace: String, closingConnection: Bool) {
        update { state, effects, now in
            guard state.socketIO.socketID(of: namespace) == socketID else { return }
            apply(state.socketIO.disconnect(namespace: namespace), to: &state, effects: &effects, now: now)
            if closingConnection {
                apply(state.engine.close(.serverClose, now: now), to: &state, effects: &effects, now: now)
            }
        }
    }

    /// Closes the session from the server side.
    func close(_ reason: RealtimeDisconnectReason) {
        update { state, effects, now in
            apply(state.engine.close(reason, now: now), to: &state, effects: &effects, now: now)
        }
    }

    /// Ends the session at once, without waiting for a last poll.
    func terminate(_ reason: RealtimeDisconnectReason) {
        update { state, effects, now in
            apply(state.engine.terminate(reason, now: now), to: &state, effects: &effects, now: now)
        }
    }

    /// Whether the session has ended and released everything.
    var isFinished: Bool { state.withLock { $0.finished } }

    // MARK: Worker

    private func runWorker(_ stream: AsyncStream<Work>) async {
        for await work in stream {
            switch work {
            case .authenticate(let namespace, let auth):
                await authenticate(namespace: namespace, auth: auth)
            case .connected(let socket):
                logger.debug("realtime socket connected", metadata: ["realtime_socket": .string(socket.id), "realtime_namespace": .string(socket.namespace)])
                await server.onConnect(socket)
            case .event(let socket, let event):
                state.withLock { $0.pendingEvents -= 1 }
                await server.onEvent(socket, event)
            case .disconnected(let socket, let reason):
                logger.debug("realtime socket disconnected", metadata: ["realtime_socket": .string(socket.id), "realtime_reason": .string(reason.description)])
                await server.onDisconnect(socket, reason)
            }
        }
    }

    private func authenticate(namespace: String, auth: JSONValue?) async {
        let handshake = RealtimeHandshake(headers: headers, query: query, auth: auth, namespace: namespace, transport: initialTransport)
        let principal: Principal?
        var refusal = RealtimeConnectionRefusal(message: "Not authorized")
        do {
            principal = try await server.authenticate(handshake)
        } catch let error as RealtimeConnectionRefusal {
            principal = nil
            refusal = error
        } catch {
            principal = nil
            refusal = RealtimeConnectionRefusal(message: "Internal server error")
            logger.warning("realtime authentication failed", metadata: ["error_type": .string(String(describing: type(of: error)))])
        }
        update { state, effects, now in
            if let principal {
                let socket = RealtimeSocket(
                    id: RealtimeIdentifier.make(),
                    namespace: namespace,
                    principal: principal,
                    handshake: handshake,
                    session: self
                )
                state.connecting[namespace] = socket
                apply(state.socketIO.authenticationSucceeded(namespace: namespace, socketID: socket.id), to: &state, effects: &effects, now: now)
                state.connecting[namespace] = nil
            } else {
                logger.debug("realtime connection refused", metadata: ["realtime_namespace": .string(namespace), "realtime_message": .string(refusal.message)])
                apply(
                    state.socketIO.authenticationFailed(namespace: namespace, message: refusal.message, data: refusal.data),
                    to: &state, effects: &effects, now: now
                )
            }
        }
    }

    // MARK: Timer

    private func timerFired(_ deadline: Instant) {
        update { state, effects, now in
            if state.timer?.deadline == deadline {
                state.timer = nil
            }
            apply(state.engine.tick(now: now), to: &state, effects: &effects, now: now)
            apply(state.socketIO.tick(now: now), to: &state, effects: &effects, now: now)
        }
    }

    // MARK: Action interpretation

    /// Runs `body` under the lock, then reschedules the timer and performs the gathered effects.
    private func update<Result: Sendable>(_ body: (inout State, inout Effects, Instant) -> Result) -> Result {
        let (result, effects) = state.withLock { state -> (Result, Effects) in
            var effects = Effects()
            let result = body(&state, &effects, .now)
            rescheduleTimer(&state, effects: &effects)
            return (result, effects)
        }
        if let reason = effects.closedReason {
            logger.debug("realtime session closed", metadata: ["realtime_reason": .string(reason.description)])
        }
        if effects.perform(on: workQueue) {
            // A WebSocket client stopped reading while packets kept coming.
            close(.bufferOverflow)
        }
        return result
    }

    private func rescheduleTimer(_ state: inout State, effects: inout Effects) {
        guard !state.finished, let deadline = [state.engine.nextDeadline, state.socketIO.nextDeadline].compactMap({ $0 }).min() else {
            if let timer = state.timer {
                effects.cancelledTasks.append(timer.task)
                state.timer = nil
            }
            return
        }
        // A timer that fires early is harmless (the tick finds nothing due and re-arms), so only
        // an earlier deadline replaces the armed one.
        if let timer = state.timer, timer.deadline <= deadline { return }
        if let timer = state.timer { effects.cancelledTasks.append(timer.task) }
        let task = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            self.timerFired(deadline)
        }
        state.timer = (deadline, task)
    }

    private func apply(_ actions: [Engine.Action], to state: inout State, effects: inout Effects, now: Instant) {
        for action in actions {
            switch action {
            case .respondToPoll(let pollID, let packets):
                if let continuation = state.polls.removeValue(forKey: pollID) {
                    effects.polls.append((continuation, .packets(packets)))
                }
            case .rejectPoll(let pollID, let error):
                if let continuation = state.polls.removeValue(forKey: pollID) {
                    effects.polls.append((continuation, .rejected(error)))
                }
            case .writeToWebSocket(let socketID, let packets):
                if let continuation = state.webSockets[socketID] {
                    effects.webSocketOutputs.append((continuation, .packets(packets)))
                }
            case .closeWebSocket(let socketID, let reason):
                if let continuation = state.webSockets.removeValue(forKey: socketID) {
                    effects.webSocketOutputs.append((continuation, .close(reason)))
                }
            case .deliver(let message):
                apply(state.socketIO.received(message), to: &state, effects: &effects, now: now)
            case .closed(let reason):
                effects.closedReason = reason
                apply(state.socketIO.engineClosed(reason), to: &state, effects: &effects, now: now)
            case .finished:
                state.finished = true
                for (_, continuation) in state.polls {
                    effects.polls.append((continuation, .rejected(.unknownSession)))
                }
                state.polls = [:]
                for (_, continuation) in state.webSockets {
                    effects.webSocketOutputs.append((continuation, .close(nil)))
                }
                state.webSockets = [:]
                for (_, waiter) in state.ackWaiters {
                    effects.cancelledTasks.append(waiter.timeout)
                    effects.acks.append((waiter.continuation, .failure(.disconnected)))
                }
                state.ackWaiters = [:]
                effects.finishWork = true
                server.sessionFinished(id)
            }
        }
    }

    private func apply(_ actions: [SocketIO.Action], to state: inout State, effects: inout Effects, now: Instant) {
        for action in actions {
            switch action {
            case .send(let packet):
                let encoded = SocketIOPacketCodec.encode(packet)
                apply(state.engine.send([.message(.text(encoded))], now: now), to: &state, effects: &effects, now: now)
            case .authenticate(let namespace, let auth):
                effects.work.append(.authenticate(namespace: namespace, auth: auth))
            case .socketConnected(let namespace, _):
                guard let socket = state.connecting[namespace] else { continue }
                state.sockets[namespace] = socket
                server.socketConnected(socket)
                effects.work.append(.connected(socket))
            case .dispatchEvent(let namespace, let name, let arguments, let ackID):
                guard let socket = state.sockets[namespace] else { continue }
                guard state.pendingEvents < server.configuration.maxPendingEvents else {
                    logger.debug("realtime client floods events", metadata: ["realtime_pending": .stringConvertible(state.pendingEvents)])
                    apply(state.engine.close(.bufferOverflow, now: now), to: &state, effects: &effects, now: now)
                    continue
                }
                let event = RealtimeClientEvent(name: name, arguments: arguments, ackID: ackID) { [self] ackArguments in
                    if let ackID {
                        self.acknowledge(ackID: ackID, arguments: ackArguments, socketID: socket.id, namespace: namespace)
                    }
                }
                state.pendingEvents += 1
                effects.work.append(.event(socket, event))
            case .resolveServerAck(let namespace, let ackID, let arguments):
                if let waiter = state.ackWaiters.removeValue(forKey: AckKey(namespace: namespace, id: ackID)) {
                    effects.cancelledTasks.append(waiter.timeout)
                    effects.acks.append((waiter.continuation, .success(arguments)))
                }
            case .socketDisconnected(let namespace, _, let reason):
                for key in Array(state.ackWaiters.keys) where key.namespace == namespace {
                    if let waiter = state.ackWaiters.removeValue(forKey: key) {
                        effects.cancelledTasks.append(waiter.timeout)
                        effects.acks.append((waiter.continuation, .failure(.disconnected)))
                    }
                }
                if let socket = state.sockets.removeValue(forKey: namespace) {
                    server.socketDisconnected(socket)
                    effects.work.append(.disconnected(socket, reason))
                }
            case .closeConnection(let reason):
                logger.debug("realtime connection closing", metadata: ["realtime_reason": .string(reason.description)])
                apply(state.engine.close(reason, now: now), to: &state, effects: &effects, now: now)
            }
        }
    }
}
