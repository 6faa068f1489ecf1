/// The Engine.IO v4 session protocol as a pure state machine: no I/O, no clock, no tasks.
///
/// Every input is a `mutating` event method that returns the ``Action``s the I/O layer must
/// perform, in order. Time is an input (`now`) and the machine reports when it next needs to be
/// woken through ``nextDeadline``; the I/O layer then calls ``tick(now:)``.
///
/// It covers: both transports, the server-driven heartbeat (`2` every `pingInterval`, close when
/// no `3` arrives within `pingTimeout`), the polling → WebSocket upgrade (`2probe`/`3probe`/`5`,
/// `6` to release a pending poll), one pending GET and one POST at a time, close, and bounded
/// buffering for clients that do not poll.
struct EngineIOSessionStateMachine: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// Identifies one long-polling GET request within a session.
    struct PollID: Hashable, Sendable {
        /// The I/O layer's number for the request.
        var value: Int
    }

    /// Identifies one WebSocket connection attached to a session.
    struct WebSocketID: Hashable, Sendable {
        /// The I/O layer's number for the connection.
        var value: Int
    }

    /// The transport packets currently travel on.
    enum Transport: Equatable, Sendable {
        /// HTTP long-polling.
        case polling
        /// The given WebSocket (from the handshake, or after an upgrade).
        case webSocket(WebSocketID)
    }

    /// What the I/O layer must do.
    enum Action: Equatable, Sendable {
        /// Answer the pending GET with these packets (a 200 payload).
        case respondToPoll(PollID, [EngineIOPacket])
        /// Answer this GET with an HTTP error.
        case rejectPoll(PollID, EngineIOHTTPError)
        /// Send these packets on the WebSocket, one frame each, in order.
        case writeToWebSocket(WebSocketID, [EngineIOPacket])
        /// Close the WebSocket (after the frames already written), with this reason if it ends the session.
        case closeWebSocket(WebSocketID, RealtimeDisconnectReason?)
        /// Hand a message to the layer above.
        case deliver(EngineIOMessage)
        /// The session has ended for the layer above (emitted once).
        case closed(RealtimeDisconnectReason)
        /// The session can be forgotten: no request will be answered any more (emitted once, last).
        case finished
    }

    /// Whether a request that does not wait (POST, WebSocket attach) was accepted.
    enum Verdict: Equatable, Sendable {
        /// Go on.
        case accepted
        /// Answer with this error.
        case rejected(EngineIOHTTPError)
    }

    /// The timing and size limits of a session.
    struct Configuration: Sendable, Equatable {
        /// How often the server pings.
        var pingInterval: Duration
        /// How long the server waits for a pong.
        var pingTimeout: Duration
        /// The largest POST body or WebSocket message accepted, in bytes.
        var maxPayload: Int
        /// How long an upgrade may take from the WebSocket's arrival to the `5` packet.
        var upgradeTimeout: Duration
        /// How long a closing polling session waits for a last GET to deliver its final packets.
        var pollingCloseTimeout: Duration
        /// The most packets answered to one GET (python-engineio refuses payloads of more than 16).
        var maxPacketsPerPoll: Int
        /// The most packets buffered for a client before the session is dropped.
        var maxBufferedPackets: Int
    }

    private enum Lifecycle: Equatable, Sendable {
        case open
        /// Polling only: the final packets wait in the outbox for one more GET until the deadline.
        case closing(deadline: Instant)
        case closed
    }

    private enum Heartbeat: Equatable, Sendable {
        case pingDue(Instant)
        case awaitingPong(deadline: Instant)
    }

    private enum Upgrade: Equatable, Sendable {
        case none
        /// A WebSocket arrived with this sid; waiting for `2probe`.
        case probing(WebSocketID, deadline: Instant)
        /// `3probe` was sent; waiting for `5`.
        case upgrading(WebSocketID, deadline: Instant)

        var webSocket: WebSocketID? {
            switch self {
            case .none: nil
            case .probing(let id, _), .upgrading(let id, _): id
            }
        }

        var deadline: Instant? {
            switch self {
            case .none: nil
            case .probing(_, let deadline), .upgrading(_, let deadline): deadline
            }
        }
    }

    let configuration: Configuration
    private(set) var transport: Transport
    private var lifecycle: Lifecycle = .open
    private var heartbeat: Heartbeat
    private var upgrade: Upgrade = .none
    private var pendingPoll: PollID?
    private var postInFlight = false
    /// Packets waiting for a GET (polling) or for an upgrade to finish.
    private var outbox: [EngineIOPacket] = []

    /// A session that has just answered its handshake on `transport`; the first ping is due one
    /// `pingInterval` from `now`.
    init(configuration: Configuration, transport: Transport, now: Instant) {
        self.configuration = configuration
        self.transport = transport
        self.heartbeat = .pingDue(now + configuration.pingInterval)
    }

    /// Whether the session still carries traffic.
    var isOpen: Bool { lifecycle == .open }

    /// Whether the session can be forgotten.
    var isFinished: Bool { lifecycle == .closed }

    /// Whether a WebSocket may attach to upgrade this session now.
    var canUpgrade: Bool { lifecycle == .open && transport == .polling && upgrade == .none }

    /// The next instant at which ``tick(now:)`` has work, if any.
    var nextDeadline: Instant? {
        switch lifecycle {
        case .closed:
            return nil
        case .closing(let deadline):
            return deadline
        case .open:
            let heartbeatDeadline: Instant
            switch heartbeat {
            case .pingDue(let due): heartbeatDeadline = due
            case .awaitingPong(let deadline): heartbeatDeadline = deadline
            }
            guard let upgradeDeadline = upgrade.deadline else { return heartbeatDeadline }
            return min(heartbeatDeadline, upgradeDeadline)
        }
    }

    // MARK: Time

    /// Sends a due ping, closes on a missed pong, abandons a stalled upgrade, ends a closing session.
    mutating func tick(now: Instant) -> [Action] {
        switch lifecycle {
        case .closed:
            return []
        case .closing(let deadline):
            guard now >= deadline else { return [] }
            return finish()
        case .open:
            var actions: [Action] = []
            if let deadline = upgrade.deadline, now >= deadline, let probe = upgrade.webSocket {
                upgrade = .none
                actions.append(.closeWebSocket(probe, nil))
            }
            switch heartbeat {
            case .awaitingPong(let deadline) where now >= deadline:
                actions += close(.pingTimeout, now: now)
            case .pingDue(let due) where now >= due:
                heartbeat = .awaitingPong(deadline: now + configuration.pingTimeout)
                actions += send([.ping("")], now: now)
            default:
                break
            }
            return actions
        }
    }

    // MARK: Server → client

    /// Queues packets for the client on the current transport.
    mutating func send(_ packets: [EngineIOPacket], now: Instant) -> [Action] {
        guard lifecycle == .open, !packets.isEmpty else { return [] }
        switch transport {
        case .webSocket(let id):
            return [.writeToWebSocket(id, packets)]
        case .polling:
            outbox += packets
            if outbox.count > configuration.maxBufferedPackets {
                return close(.bufferOverflow, now: now)
            }
            return flushToPendingPoll()
        }
    }

    /// Ends the session from the server side.
    ///
    /// On a WebSocket the socket is closed at once (after a `close` packet when the server chose
    /// to close). A polling client gets a `close` packet on its pending GET, or on its next one
    /// within `pollingCloseTimeout`; when the server chose to close, the packets already queued
    /// (such as a Socket.IO `DISCONNECT`) precede it. Sessions whose client is gone (ping timeout,
    /// transport close) or closed them itself end at once.
    mutating func close(_ reason: RealtimeDisconnectReason, now: Instant) -> [Action] {
        guard lifecycle == .open else { return [] }
        var actions: [Action] = []
        if let probe = upgrade.webSocket {
            actions.append(.closeWebSocket(probe, nil))
            upgrade = .none
        }
        switch transport {
        case .webSocket(let id):
            if reason.isServerInitiated {
                actions.append(.writeToWebSocket(id, [.close]))
            }
            actions.append(.closeWebSocket(id, reason))
            actions.append(.closed(reason))
            actions += finish()
        case .polling:
            actions.append(.closed(reason))
            outbox = reason.isServerInitiated ? outbox + [.close] : [.close]
            if let poll = pendingPoll {
                pendingPoll = nil
                actions.append(.respondToPoll(poll, outbox))
                outbox = []
                actions += finish()
            } else if reason.clientMayStillPoll {
                lifecycle = .closing(deadline: now + configuration.pollingCloseTimeout)
            } else {
                actions += finish()
            }
        }
        return actions
    }

    /// Ends the session at once, without waiting for a last poll (used once the HTTP server has
    /// stopped, when no further request can arrive).
    mutating func terminate(_ reason: RealtimeDisconnectReason, now: Instant) -> [Action] {
        switch lifecycle {
        case .closed:
            return []
        case .closing:
            return finish()
        case .open:
            return close(reason, now: now) + finish()
        }
    }

    // MARK: Polling

    /// A GET arrived. It is answered at once when packets wait, or parked until some do.
    mutating func pollRequested(_ poll: PollID, now: Instant) -> [Action] {
        switch lifecycle {
        case .closed:
            return [.rejectPoll(poll, .unknownSession)]
        case .closing:
            let packets = outbox
            outbox = []
            return [.respondToPoll(poll, packets)] + finish()
        case .open:
            break
        }
        guard transport == .polling else {
            // The reference server refuses polling on a session that has been upgraded.
            return [.rejectPoll(poll, .badRequest)]
        }
        if let previous = pendingPoll {
            // Two concurrent GETs: the spec says the server must close the session.
            pendingPoll = nil
            var actions: [Action] = [.rejectPoll(poll, .badRequest), .respondToPoll(previous, [.close])]
            outbox = []
            if let probe = upgrade.webSocket {
                upgrade = .none
                actions.append(.closeWebSocket(probe, nil))
            }
            actions.append(.closed(.requestOverlap))
            return actions + finish()
        }
        if case .upgrading = upgrade {
            // The client is pausing polling to finish the upgrade: release it at once.
            return [.respondToPoll(poll, [.noop])]
        }
        pendingPoll = poll
        return flushToPendingPoll()
    }

    /// A pending GET went away (client disconnected or the request was cancelled).
    mutating func pollAbandoned(_ poll: PollID) -> [Action] {
        guard pendingPoll == poll else { return [] }
        pendingPoll = nil
        return [.respondToPoll(poll, [])]
    }

    /// A POST arrived; call before reading its body. Only one may be in flight.
    mutating func postStarted(now: Instant) -> (Verdict, [Action]) {
        guard lifecycle == .open else { return (.rejected(.unknownSession), []) }
        guard transport == .polling else { return (.rejected(.badRequest), []) }
        guard !postInFlight else {
            return (.rejected(.badRequest), close(.requestOverlap, now: now))
        }
        postInFlight = true
        return (.accepted, [])
    }

    /// The body of the POST in flight was read.
    mutating func postReceived(_ body: String, now: Instant) -> (Verdict, [Action]) {
        postInFlight = false
        guard lifecycle == .open else { return (.rejected(.unknownSession), []) }
        let packets: [EngineIOPacket]
        do {
            packets = try EngineIOPacketCodec.decodePayload(body)
        } catch {
            return (.rejected(.badRequest), close(.protocolError(error.reason), now: now))
        }
        var actions: [Action] = []
        for packet in packets where lifecycle == .open {
            actions += received(packet, now: now)
        }
        return (.accepted, actions)
    }

    /// The body of the POST in flight could not be read: too large, or not UTF-8.
    mutating func postFailed(_ reason: RealtimeDisconnectReason, now: Instant) -> [Action] {
        postInFlight = false
        return close(reason, now: now)
    }

    // MARK: WebSocket

    /// A WebSocket carrying this session's `sid` arrived to upgrade it.
    mutating func webSocketAttached(_ id: WebSocketID, now: Instant) -> Verdict {
        guard lifecycle == .open else { return .rejected(.unknownSession) }
        guard canUpgrade else { return .rejected(.badRequest) }
        upgrade = .probing(id, deadline: now + configuration.upgradeTimeout)
        return .accepted
    }

    /// A text frame arrived on a WebSocket of this session.
    mutating func webSocketReceived(text: String, on id: WebSocketID, now: Instant) -> [Action] {
        let packet: EngineIOPacket
        do {
            packet = try EngineIOPacketCodec.decode(text: text)
        } catch {
            return webSocketViolation(on: id, reason: error.reason, now: now)
        }
        return webSocketReceived(packet, on: id, now: now)
    }

    /// A binary frame arrived on a WebSocket of this session (a binary message).
    mutating func webSocketReceived(binary: [UInt8], on id: WebSocketID, now: Instant) -> [Action] {
        webSocketReceived(.message(.binary(binary)), on: id, now: now)
    }

    /// A WebSocket message exceeded `maxPayload`.
    mutating func webSocketOversized(_ id: WebSocketID, now: Instant) -> [Action] {
        if transport == .webSocket(id) {
            return close(.payloadTooLarge, now: now)
        }
        return abandonUpgrade(id)
    }

    /// The WebSocket broke the protocol below Engine.IO (bad frame sequence, invalid UTF-8).
    mutating func webSocketViolation(on id: WebSocketID, reason: String, now: Instant) -> [Action] {
        if transport == .webSocket(id) {
            return close(.protocolError(reason), now: now)
        }
        return abandonUpgrade(id)
    }

    /// A WebSocket of this session closed or failed.
    mutating func webSocketClosed(_ id: WebSocketID, now: Instant) -> [Action] {
        if transport == .webSocket(id) {
            guard lifecycle == .open else { return [] }
            lifecycle = .closed
            if let probe = upgrade.webSocket {
                upgrade = .none
                return [.closeWebSocket(probe, nil), .closed(.transportClose), .finished]
            }
            return [.closed(.transportClose), .finished]
        }
        if upgrade.webSocket == id {
            upgrade = .none
        }
        return []
    }

    // MARK: Internals

    private mutating func webSocketReceived(_ packet: EngineIOPacket, on id: WebSocketID, now: Instant) -> [Action] {
        guard lifecycle == .open else { return [.closeWebSocket(id, nil)] }
        if transport == .webSocket(id) {
            return received(packet, now: now)
        }
        switch (upgrade, packet) {
        case (.probing(let probe, let deadline), .ping("probe")) where probe == id:
            upgrade = .upgrading(probe, deadline: deadline)
            var actions: [Action] = [.writeToWebSocket(id, [.pong("probe")])]
            if let poll = pendingPoll {
                pendingPoll = nil
                actions.append(.respondToPoll(poll, [.noop]))
            }
            return actions
        case (.upgrading(let probe, _), .upgrade) where probe == id:
            upgrade = .none
            transport = .webSocket(id)
            var actions: [Action] = []
            if let poll = pendingPoll {
                pendingPoll = nil
                actions.append(.respondToPoll(poll, [.noop]))
            }
            if !outbox.isEmpty {
                actions.append(.writeToWebSocket(id, outbox))
                outbox = []
            }
            return actions
        case (.upgrading(let probe, _), .noop) where probe == id:
            return []
        default:
            return abandonUpgrade(id)
        }
    }

    private mutating func abandonUpgrade(_ id: WebSocketID) -> [Action] {
        if upgrade.webSocket == id {
            upgrade = .none
        }
        return [.closeWebSocket(id, nil)]
    }

    /// A packet from the client on the current transport.
    private mutating func received(_ packet: EngineIOPacket, now: Instant) -> [Action] {
        switch packet {
        case .pong:
            if case .awaitingPong = heartbeat {
                heartbeat = .pingDue(now + configuration.pingInterval)
            }
            return []
        case .message(let message):
            if message.byteCount > configuration.maxPayload {
                return close(.payloadTooLarge, now: now)
            }
            return [.deliver(message)]
        case .close:
            return close(.clientClose, now: now)
        case .noop:
            return []
        case .ping:
            return close(.protocolError("invalid heartbeat direction"), now: now)
        case .open, .upgrade:
            return close(.protocolError("unexpected \(packet.typeDigit) packet from client"), now: now)
        }
    }

    private mutating func flushToPendingPoll() -> [Action] {
        guard let poll = pendingPoll, !outbox.isEmpty else { return [] }
        if case .upgrading = upgrade { return [] }
        pendingPoll = nil
        let count = min(outbox.count, max(1, configuration.maxPacketsPerPoll))
        let packets = Array(outbox.prefix(count))
        outbox.removeFirst(count)
        return [.respondToPoll(poll, packets)]
    }

    private mutating func finish() -> [Action] {
        guard lifecycle != .closed else { return [] }
        lifecycle = .closed
        outbox = []
        var actions: [Action] = []
        if let poll = pendingPoll {
            pendingPoll = nil
            actions.append(.respondToPoll(poll, [.close]))
        }
        actions.append(.finished)
        return actions
    }
}
