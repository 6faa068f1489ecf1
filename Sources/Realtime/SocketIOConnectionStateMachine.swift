/// The Socket.IO v5 connection protocol over one Engine.IO session, as a pure state machine.
///
/// It decides what each incoming packet means (connect with auth, event, ack, leave), enforces
/// the rules of the protocol (a namespace must be joined with `CONNECT` before anything else is
/// sent to it, malformed packets close the connection, binary packets are refused, no namespace
/// joined within `connectTimeout` closes the connection) and produces the packets to answer.
/// Application code (authentication, event handlers) runs outside, driven by the ``Action``s.
struct SocketIOConnectionStateMachine: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// What the I/O layer must do.
    enum Action: Equatable, Sendable {
        /// Send this packet to the client.
        case send(SocketIOPacket)
        /// Run the application's authentication for `namespace` with the client's `auth`
        /// payload, then report with ``authenticationSucceeded(namespace:socketID:)`` or
        /// ``authenticationFailed(namespace:message:data:)``.
        case authenticate(namespace: String, auth: JSONValue?)
        /// A socket joined `namespace` (its `CONNECT` answer is already queued).
        case socketConnected(namespace: String, socketID: String)
        /// The client emitted an event on `namespace`, wanting an ack when `ackID` is set.
        case dispatchEvent(namespace: String, name: String, arguments: [JSONValue], ackID: Int?)
        /// The client acknowledged the server's event `ackID`.
        case resolveServerAck(namespace: String, ackID: Int, arguments: [JSONValue])
        /// The socket of `namespace` is gone.
        case socketDisconnected(namespace: String, socketID: String, reason: RealtimeDisconnectReason)
        /// Close the whole Engine.IO session.
        case closeConnection(RealtimeDisconnectReason)
    }

    private enum NamespaceState: Equatable, Sendable {
        case connecting
        case connected(socketID: String, pendingClientAcks: Set<Int>)
    }

    private struct ServerAck: Hashable, Sendable {
        var namespace: String
        var id: Int
    }

    /// The namespaces clients may join.
    let namespaces: Set<String>
    private var states: [String: NamespaceState] = [:]
    private var connectDeadline: Instant?
    private var closed = false
    private var nextAckID = 0
    private var pendingServerAcks: Set<ServerAck> = []

    /// A connection whose first namespace must be joined by `now + connectTimeout`.
    init(namespaces: Set<String>, connectTimeout: Duration, now: Instant) {
        self.namespaces = namespaces
        self.connectDeadline = now + connectTimeout
    }

    /// The next instant at which ``tick(now:)`` has work, if any.
    var nextDeadline: Instant? { closed ? nil : connectDeadline }

    /// The socket id of `namespace`, when a socket is connected there.
    func socketID(of namespace: String) -> String? {
        if case .connected(let socketID, _)? = states[namespace] { return socketID }
        return nil
    }

    /// Closes a connection that joined no namespace in time.
    mutating func tick(now: Instant) -> [Action] {
        guard !closed, let deadline = connectDeadline, now >= deadline else { return [] }
        connectDeadline = nil
        return [.closeConnection(.connectTimeout)]
    }

    // MARK: Client → server

    /// An Engine.IO message arrived from the client.
    mutating func received(_ message: EngineIOMessage) -> [Action] {
        guard !closed else { return [] }
        switch message {
        case .binary:
            return [.closeConnection(.protocolError(SocketIOProtocolError.unexpectedBinary.reason))]
        case .text(let text):
            do {
                return received(try SocketIOPacketCodec.decode(text))
            } catch {
                return [.closeConnection(.protocolError(error.reason))]
            }
        }
    }

    private mutating func received(_ packet: SocketIOPacket) -> [Action] {
        let namespace = packet.namespace
        switch packet.kind {
        case .connect:
            guard namespaces.contains(namespace) else {
                return [.send(.connectError(namespace: namespace, message: "Invalid namespace"))]
            }
            switch states[namespace] {
            case .connecting?:
                return []
            case .connected(let socketID, _)?:
                return [.send(.connected(namespace: namespace, socketID: socketID))]
            case nil:
                states[namespace] = .connecting
                return [.authenticate(namespace: namespace, auth: packet.payload)]
            }
        case .binaryEvent, .binaryAck:
            return [.closeConnection(.protocolError(SocketIOProtocolError.binaryUnsupported.reason))]
        case .connectError:
            return [.closeConnection(.protocolError("CONNECT_ERROR sent by the client"))]
        case .disconnect, .event, .ack:
            break
        }

        switch states[namespace] {
        case nil:
            // The reference server closes when a packet targets a namespace that was never joined.
            return [.closeConnection(.protocolError("packet for namespace \(namespace) before CONNECT"))]
        case .connecting?:
            if packet.kind == .disconnect {
                states[namespace] = nil
            }
            // Packets that overtake the CONNECT answer are dropped, as by the reference server.
            return []
        case .connected(let socketID, var pendingClientAcks)?:
            switch packet.kind {
            case .disconnect:
                states[namespace] = nil
                pendingServerAcks = pendingServerAcks.filter { $0.namespace != namespace }
                return [.socketDisconnected(namespace: namespace, socketID: socketID, reason: .clientNamespaceDisconnect)]
            case .event:
                guard case .array(let elements)? = packet.payload, case .string(let name)? = elements.first else {
                    return [.closeConnection(.protocolError(SocketIOProtocolError.invalidPayload.reason))]
                }
                if let ackID = packet.ackID {
                    pendingClientAcks.insert(ackID)
                    states[namespace] = .connected(socketID: socketID, pendingClientAcks: pendingClientAcks)
                }
                return [.dispatchEvent(namespace: namespace, name: name, arguments: Array(elements.dropFirst()), ackID: packet.ackID)]
            case .ack:
                guard let ackID = packet.ackID, case .array(let arguments)? = packet.payload,
                      pendingServerAcks.remove(ServerAck(namespace: namespace, id: ackID)) != nil else {
                    // An unknown ack id is ignored, as by the reference server.
                    return []
                }
                return [.resolveServerAck(namespace: namespace, ackID: ackID, arguments: arguments)]
            default:
                return []
            }
        }
    }

    // MARK: Application decisions

    /// The application accepted the socket of `namespace`.
    mutating func authenticationSucceeded(namespace: String, socketID: String) -> [Action] {
        guard !closed, states[namespace] == .connecting else { return [] }
        states[namespace] = .connected(socketID: socketID, pendingClientAcks: [])
        connectDeadline = nil
        return [
            .send(.connected(namespace: namespace, socketID: socketID)),
            .socketConnected(namespace: namespace, socketID: socketID),
        ]
    }

    /// The application refused the socket of `namespace`.
    mutating func authenticationFailed(namespace: String, message: String, data: JSONValue?) -> [Action] {
        guard !closed, states[namespace] == .connecting else { return [] }
        states[namespace] = nil
        return [.send(.connectError(namespace: namespace, message: message, data: data))]
    }

    // MARK: Server → client

    /// Reserves an ack id for an event the server emits on `namespace`; `nil` when no socket is
    /// connected there.
    mutating func reserveServerAck(namespace: String) -> Int? {
        guard !closed, socketID(of: namespace) != nil else { return nil }
        let id = nextAckID
        nextAckID = nextAckID == Int.max ? 0 : nextAckID + 1
        pendingServerAcks.insert(ServerAck(namespace: namespace, id: id))
        return id
    }

    /// Forgets a reserved ack id (the wait timed out or was cancelled).
    mutating func cancelServerAck(namespace: String, ackID: Int) {
        pendingServerAcks.remove(ServerAck(namespace: namespace, id: ackID))
    }

    /// Answers the client's event `ackID` on `namespace`; only the first answer is sent.
    mutating func acknowledge(namespace: String, ackID: Int, arguments: [JSONValue]) -> [Action] {
        guard !closed, case .connected(let socketID, var pendingClientAcks)? = states[namespace],
              pendingClientAcks.remove(ackID) != nil else { return [] }
        states[namespace] = .connected(socketID: socketID, pendingClientAcks: pendingClientAcks)
        return [.send(.ack(namespace: namespace, ackID: ackID, arguments: arguments))]
    }

    /// The server disconnects the socket of `namespace` (sends `DISCONNECT`).
    mutating func disconnect(namespace: String) -> [Action] {
        guard !closed, let socketID = socketID(of: namespace) else { return [] }
        states[namespace] = nil
        pendingServerAcks = pendingServerAcks.filter { $0.namespace != namespace }
        return [
            .send(.disconnect(namespace: namespace)),
            .socketDisconnected(namespace: namespace, socketID: socketID, reason: .serverNamespaceDisconnect),
        ]
    }

    /// The Engine.IO session ended: every socket is gone.
    mutating func engineClosed(_ reason: RealtimeDisconnectReason) -> [Action] {
        guard !closed else { return [] }
        closed = true
        connectDeadline = nil
        pendingServerAcks = []
        let actions: [Action] = states.keys.sorted().compactMap { namespace in
            guard case .connected(let socketID, _)? = states[namespace] else { return nil }
            return .socketDisconnected(namespace: namespace, socketID: socketID, reason: reason)
        }
        states = [:]
        return actions
    }
}
