public import Logging
public import ServiceLifecycle
import HTTPTypes
import Synchronization

/// A Socket.IO v4 server (protocol v5 over Engine.IO v4) for Hummingbird 2, with HTTP
/// long-polling, WebSocket and the upgrade between them.
///
/// ```swift
/// let realtime = RealtimeServer<User>(
///     configuration: .init(originPolicy: .init(allowedOrigins: ["http://localhost:5173"])),
///     logger: logger,
///     authenticate: { handshake in try await users.find(token: handshake.authString("token") ?? handshake.bearerToken) },
///     onEvent: { socket, event in
///         if event.name == "join:recruiter", event.firstArgument?.stringValue == socket.principal.id {
///             socket.join("recruiter:\(socket.principal.id)")
///         } else {
///             socket.emit("error", ["message": "forbidden"])
///         }
///     }
/// )
/// realtime.register(on: router)                       // GET/POST/OPTIONS /socket.io/
/// let app = Application(
///     router: router,
///     server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: realtime.webSocketConfiguration)),
///     services: [realtime]                            // closes every session on shutdown
/// )
/// realtime.emit(toRoom: "recruiter:42", event: "application:new", ["id": "7"])
/// ```
///
/// `Principal` is whatever the application's authentication returns (a user, a token's claims);
/// every ``RealtimeSocket`` carries it. Emits reach the sockets connected to this process only:
/// relay cross-process events (Redis pub/sub) into ``emit(toRooms:event:arguments:namespace:)``.
public final class RealtimeServer<Principal: Sendable>: Sendable {
    /// Decides who a connecting client is from its handshake; `nil` refuses the connection with
    /// `CONNECT_ERROR` "Not authorized" (throw ``RealtimeConnectionRefusal`` for another message).
    public typealias Authenticator = @Sendable (_ handshake: RealtimeHandshake) async throws -> Principal?
    /// Called once a socket has joined its namespace.
    public typealias ConnectHandler = @Sendable (_ socket: RealtimeSocket<Principal>) async -> Void
    /// Called for every event a client emits, one at a time per connection, in order.
    public typealias EventHandler = @Sendable (_ socket: RealtimeSocket<Principal>, _ event: RealtimeClientEvent) async -> Void
    /// Called once a socket is gone (it has already left all its rooms).
    public typealias DisconnectHandler = @Sendable (_ socket: RealtimeSocket<Principal>, _ reason: RealtimeDisconnectReason) async -> Void

    private struct Registry: Sendable {
        var sessions: [String: RealtimeSession<Principal>] = [:]
        var sockets: [String: RealtimeSocket<Principal>] = [:]
        var rooms = RoomRegistry()
        var isShuttingDown = false
        /// Sessions that have not joined a namespace yet, with their client address.
        var pendingAddresses: [String: String] = [:]
        /// How many such sessions each address has.
        var pendingByAddress: [String: Int] = [:]

        /// Forgets session `id` as pending.
        mutating func settle(_ id: String) {
            guard let address = pendingAddresses.removeValue(forKey: id) else { return }
            let left = (pendingByAddress[address] ?? 1) - 1
            pendingByAddress[address] = left > 0 ? left : nil
        }

        /// Whether `address` may open one more pending session.
        func admits(_ address: String?, limit: Int?) -> Bool {
            guard let address, let limit else { return true }
            return pendingByAddress[address, default: 0] < limit
        }
    }

    /// The server's settings.
    public let configuration: RealtimeConfiguration
    let logger: Logger
    let authenticate: Authenticator
    let onConnect: ConnectHandler
    let onEvent: EventHandler
    let onDisconnect: DisconnectHandler
    private let registry = Mutex(Registry())

    /// Creates a server; call ``register(on:)`` to serve it.
    /// - Parameters:
    ///   - configuration: timing, limits, namespaces and origin policy.
    ///   - logger: receives debug-level protocol logs (never headers, cookies or auth payloads).
    ///   - authenticate: decides who a connecting client is.
    ///   - onConnect: called once a socket has joined its namespace.
    ///   - onEvent: called for every client event.
    ///   - onDisconnect: called once a socket is gone.
    public init(
        configuration: RealtimeConfiguration = .init(),
        logger: Logger = Logger(label: "realtime"),
        authenticate: @escaping Authenticator,
        onConnect: @escaping ConnectHandler = { _ in },
        onEvent: @escaping EventHandler,
        onDisconnect: @escaping DisconnectHandler = { _, _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.authenticate = authenticate
        self.onConnect = onConnect
        self.onEvent = onEvent
        self.onDisconnect = onDisconnect
    }

    // MARK: Emitting

    /// Sends event `event` with `arguments` to every socket of `namespace` in `room`.
    /// - Returns: how many sockets it was queued for.
    @discardableResult
    public func emit(toRoom room: String, event: String, _ arguments: JSONValue..., namespace: String = "/") -> Int {
        emit(toRooms: [room], event: event, arguments: arguments, namespace: namespace)
    }

    /// Sends event `event` with `arguments` to every socket of `namespace` in any of `rooms`,
    /// once per socket.
    /// - Returns: how many sockets it was queued for.
    @discardableResult
    public func emit(toRooms rooms: [String], event: String, arguments: [JSONValue], namespace: String = "/") -> Int {
        let targets = registry.withLock { registry in
            registry.rooms.members(of: rooms, namespace: namespace).compactMap { registry.sockets[$0] }
        }
        guard !targets.isEmpty else { return 0 }
        let encoded = SocketIOPacketCodec.encode(.event(namespace: namespace, name: event, arguments: arguments))
        var delivered = 0
        for socket in targets where socket.session.send(encodedPacket: encoded, socketID: socket.id, namespace: namespace) {
            delivered += 1
        }
        return delivered
    }

    /// Sends event `event` with `arguments` to the socket with id `socketID`.
    /// - Returns: whether that socket is connected here and the event was queued.
    @discardableResult
    public func emit(toSocket socketID: String, event: String, _ arguments: JSONValue...) -> Bool {
        socket(id: socketID)?.emit(event, arguments: arguments) ?? false
    }

    // MARK: Sockets and rooms

    /// The connected socket with id `id`, if it is connected to this process.
    public func socket(id: String) -> RealtimeSocket<Principal>? {
        registry.withLock { $0.sockets[id] }
    }

    /// The connected sockets of `namespace` in `room`.
    public func sockets(inRoom room: String, namespace: String = "/") -> [RealtimeSocket<Principal>] {
        registry.withLock { registry in
            registry.rooms.members(of: [room], namespace: namespace).compactMap { registry.sockets[$0] }
        }
    }

    /// Disconnects every connected socket (of any namespace) that `matches` picks, for example
    /// the sockets a revoked credential authenticated. `matches` runs outside the server's lock.
    /// - Parameters:
    ///   - mode: whether the clients are told not to reconnect (``RealtimeForcedDisconnect/final``)
    ///     or may reconnect and authenticate again (``RealtimeForcedDisconnect/reconnect``).
    ///   - matches: picks the sockets to disconnect.
    /// - Returns: how many sockets were disconnected.
    @discardableResult
    public func disconnectSockets(_ mode: RealtimeForcedDisconnect = .final, where matches: (RealtimeSocket<Principal>) -> Bool) -> Int {
        let targets = registry.withLock { Array($0.sockets.values) }.filter(matches)
        for socket in targets {
            switch mode {
            case .final:
                socket.disconnect(closingConnection: true)
            case .reconnect:
                socket.session.close(.serverClose)
            }
        }
        return targets.count
    }

    /// How many Engine.IO sessions are open.
    public var sessionCount: Int { registry.withLock { $0.sessions.count } }

    /// How many sockets are connected, over all namespaces.
    public var socketCount: Int { registry.withLock { $0.sockets.count } }

    func join(socketID: String, room: String) {
        registry.withLock { registry in
            guard let socket = registry.sockets[socketID] else { return }
            registry.rooms.join(socketID: socketID, namespace: socket.namespace, room: room)
        }
    }

    func leave(socketID: String, room: String) {
        registry.withLock { $0.rooms.leave(socketID: socketID, room: room) }
    }

    func rooms(ofSocket socketID: String) -> Set<String> {
        registry.withLock { $0.rooms.rooms(of: socketID) }
    }

    // MARK: Sessions (called by sessions, under their own lock)

    func session(id: String) -> RealtimeSession<Principal>? {
        registry.withLock { $0.sessions[id] }
    }

    /// Creates, registers and starts a session; `nil` while shutting down.
    func openSession(
        headers: HTTPFields,
        query: [String: String],
        transport: RealtimeTransport,
        address: String?,
        webSocket: (EngineIOSessionStateMachine.WebSocketID, AsyncStream<RealtimeSession<Principal>.WebSocketOutput>.Continuation)? = nil
    ) -> Result<RealtimeSession<Principal>, EngineIOHTTPError> {
        let session = RealtimeSession(
            id: RealtimeIdentifier.make(),
            server: self,
            headers: headers,
            query: query,
            transport: transport,
            webSocket: webSocket
        )
        let limit = configuration.maxPendingSessionsPerAddress
        let refusal = registry.withLock { registry -> EngineIOHTTPError? in
            guard !registry.isShuttingDown else { return .shuttingDown }
            guard registry.admits(address, limit: limit) else { return .tooManyPendingSessions }
            registry.sessions[session.id] = session
            if let address, limit != nil {
                registry.pendingAddresses[session.id] = address
                registry.pendingByAddress[address, default: 0] += 1
            }
            return nil
        }
        if let refusal {
            if refusal == .tooManyPendingSessions {
                logger.notice("realtime handshake refused: too many pending sessions from one address", metadata: [
                    "realtime_limit": .stringConvertible(limit ?? 0),
                ])
            }
            return .failure(refusal)
        }
        session.logger.debug("realtime session opened", metadata: ["realtime_transport": .string(transport.rawValue)])
        session.start()
        return .success(session)
    }

    /// Whether `address` may open one more session that has not joined a namespace yet.
    func admitsPendingSession(from address: String?) -> Bool {
        let limit = configuration.maxPendingSessionsPerAddress
        return registry.withLock { $0.admits(address, limit: limit) }
    }

    func socketConnected(_ socket: RealtimeSocket<Principal>) {
        registry.withLock { registry in
            registry.sockets[socket.id] = socket
            registry.rooms.join(socketID: socket.id, namespace: socket.namespace, room: socket.id)
            registry.settle(socket.sessionID)
        }
    }

    func socketDisconnected(_ socket: RealtimeSocket<Principal>) {
        registry.withLock { registry in
            registry.sockets[socket.id] = nil
            registry.rooms.leaveAll(socketID: socket.id)
        }
    }

    func sessionFinished(_ id: String) {
        registry.withLock { registry in
            _ = registry.sessions.removeValue(forKey: id)
            registry.settle(id)
        }
    }

    // MARK: Shutdown

    /// Refuses new sessions and closes every open one: WebSocket clients get a `close` packet and
    /// a close frame at once; polling clients get their last packets and a `close` packet if they
    /// poll within `gracePeriod`, after which whatever remains is dropped.
    ///
    /// Call it with a grace period while the HTTP server still runs; as a ``Service`` the server
    /// calls it with none, since by then the application's HTTP server has stopped (pending polls
    /// and WebSockets are already closed by the server's own graceful shutdown).
    public func shutdown(gracePeriod: Duration = .zero) async {
        let sessions = registry.withLock { registry in
            registry.isShuttingDown = true
            return Array(registry.sessions.values)
        }
        logger.debug("realtime server shutting down", metadata: ["realtime_sessions": .stringConvertible(sessions.count)])
        for session in sessions {
            session.close(.serverShutdown)
        }
        let deadline = ContinuousClock.now + gracePeriod
        while ContinuousClock.now < deadline, registry.withLock({ !$0.sessions.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let remaining = registry.withLock { Array($0.sessions.values) }
        for session in remaining {
            session.terminate(.serverShutdown)
        }
    }
}

extension RealtimeServer: Service {
    /// Runs until graceful shutdown (or cancellation), then calls ``shutdown(gracePeriod:)``.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
