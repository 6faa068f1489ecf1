/// A client connected to one namespace: the application's handle to talk to it.
///
/// Handles are cheap values; they stay valid after the client leaves, when their methods do
/// nothing (``emit(_:_:)`` returns `false`, ``emitWithAck(_:_:timeout:)`` throws).
public struct RealtimeSocket<Principal: Sendable>: Sendable, Identifiable {
    /// The Socket.IO socket id (sent to the client as `{"sid": id}`; not the Engine.IO sid).
    public let id: String
    /// The namespace joined.
    public let namespace: String
    /// Who the application's authentication said the client is.
    public let principal: Principal
    /// The handshake the client connected with.
    public let handshake: RealtimeHandshake
    let session: RealtimeSession<Principal>

    init(id: String, namespace: String, principal: Principal, handshake: RealtimeHandshake, session: RealtimeSession<Principal>) {
        self.id = id
        self.namespace = namespace
        self.principal = principal
        self.handshake = handshake
        self.session = session
    }

    /// The server the socket belongs to (for broadcasting to rooms).
    public var server: RealtimeServer<Principal> { session.server }

    /// The Engine.IO session id of the underlying connection.
    public var sessionID: String { session.id }

    /// Whether the client is still connected to the namespace.
    public var isConnected: Bool { session.isConnected(socketID: id, namespace: namespace) }

    /// Sends event `name` with `arguments` to this client.
    /// - Returns: whether the event was queued (`false` once the socket has disconnected).
    @discardableResult
    public func emit(_ name: String, _ arguments: JSONValue...) -> Bool {
        emit(name, arguments: arguments)
    }

    /// Sends event `name` with `arguments` to this client; see ``emit(_:_:)``.
    @discardableResult
    public func emit(_ name: String, arguments: [JSONValue]) -> Bool {
        let packet = SocketIOPacket.event(namespace: namespace, name: name, arguments: arguments)
        return session.send(encodedPacket: SocketIOPacketCodec.encode(packet), socketID: id, namespace: namespace)
    }

    /// Sends event `name` and waits for the client's acknowledgement (its callback's arguments).
    /// - Throws: ``RealtimeAcknowledgementError``.
    public func emitWithAck(_ name: String, _ arguments: JSONValue..., timeout: Duration = .seconds(10)) async throws -> [JSONValue] {
        try await emitWithAck(name, arguments: arguments, timeout: timeout)
    }

    /// Sends event `name` and waits for the acknowledgement; see ``emitWithAck(_:_:timeout:)``.
    public func emitWithAck(_ name: String, arguments: [JSONValue], timeout: Duration = .seconds(10)) async throws -> [JSONValue] {
        try await session.emitWithAck(name: name, arguments: arguments, socketID: id, namespace: namespace, timeout: timeout)
    }

    /// Adds the socket to `room` of its namespace; nothing happens once it has disconnected.
    public func join(_ room: String) {
        server.join(socketID: id, room: room)
    }

    /// Removes the socket from `room`.
    public func leave(_ room: String) {
        server.leave(socketID: id, room: room)
    }

    /// The rooms the socket is in (including the room named by its own id).
    public var rooms: Set<String> { server.rooms(ofSocket: id) }

    /// Disconnects the socket from its namespace (the client receives `DISCONNECT`); with
    /// `closingConnection`, closes the whole underlying connection too.
    public func disconnect(closingConnection: Bool = false) {
        session.disconnect(socketID: id, namespace: namespace, closingConnection: closingConnection)
    }
}
