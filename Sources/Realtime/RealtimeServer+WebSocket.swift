import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import ServiceLifecycle

extension RealtimeServer {
    /// Runs one upgraded WebSocket: either a new WebSocket-only session, or the probe of a polling
    /// session upgrading (`sid` in the query). A writer task drains the session's output while
    /// this task reads frames, reassembles fragmented messages and enforces `maxPayload`.
    func serveWebSocket(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, request: Request, address: String?) async {
        let query = request.uri.queryParameters
        // Bounded: a client that stops reading overflows it and is dropped (see RealtimeSession).
        let (outputs, continuation) = AsyncStream.makeStream(
            of: RealtimeSession<Principal>.WebSocketOutput.self,
            bufferingPolicy: .bufferingOldest(max(configuration.maxBufferedPackets, 16))
        )
        let session: RealtimeSession<Principal>
        let socketID: EngineIOSessionStateMachine.WebSocketID
        if let sid = query["sid"] {
            guard let existing = self.session(id: String(sid)) else {
                try? await outbound.close(.policyViolation, reason: EngineIOHTTPError.unknownSession.message)
                return
            }
            let (attachedID, error) = existing.attachUpgradeWebSocket(continuation)
            if let error {
                try? await outbound.close(.policyViolation, reason: error.message)
                return
            }
            session = existing
            socketID = attachedID
        } else {
            socketID = EngineIOSessionStateMachine.WebSocketID(value: 0)
            switch openSession(
                headers: request.headers,
                query: Self.dictionary(query),
                transport: .webSocket,
                address: address,
                webSocket: (socketID, continuation)
            ) {
            case .success(let created):
                session = created
            case .failure(let error):
                // Checked before the upgrade too; this is a race with another handshake.
                try? await outbound.close(error == .shuttingDown ? .goingAway : .policyViolation, reason: error.message)
                return
            }
        }

        let maxPayload = configuration.maxPayload
        await withGracefulShutdownHandler {
            await withTaskGroup(of: ConnectionSide.self) { group in
                group.addTask {
                    await Self.write(outputs, to: outbound)
                    return .writer
                }
                group.addTask {
                    await Self.read(inbound, into: session, socketID: socketID, maxPayload: maxPayload)
                    // Ends the session's output stream (if a violation has not already): the
                    // writer sends what is queued, such as the close frame of that violation.
                    session.webSocketClosed(socketID)
                    return .reader
                }
                // The writer ends the connection after a close. When the reader ends first (the
                // client went away, or broke the protocol), the writer still gets to send the
                // close frame the session queued. Cancelling it at once (as this code once did)
                // races with that send: the WebSocket state machine is already `closing` when a
                // cancelled write gives up, so the frame is never sent, Hummingbird sends none
                // either and waits for the client's reply up to its close timeout, and the
                // client waits for ours. A writer stuck on a client that does not read is cut
                // after `closeFlushTimeout`.
                if await group.next() == .reader {
                    group.addTask {
                        try? await Task.sleep(for: Self.closeFlushTimeout)
                        return .timer
                    }
                    _ = await group.next()
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            session.close(.serverShutdown)
        }
        session.webSocketClosed(socketID)
    }

    /// Which task of a WebSocket connection ended.
    private enum ConnectionSide: Sendable { case reader, writer, timer }

    /// How long the writer may take to send what is queued once the reader has ended.
    static var closeFlushTimeout: Duration { .seconds(5) }

    private static func write(_ outputs: AsyncStream<RealtimeSession<Principal>.WebSocketOutput>, to outbound: WebSocketOutboundWriter) async {
        for await output in outputs {
            switch output {
            case .packets(let packets):
                for packet in packets {
                    do {
                        if let text = EngineIOPacketCodec.encodeText(packet) {
                            try await outbound.write(.text(text))
                        } else if case .message(.binary(let bytes)) = packet {
                            try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                        }
                    } catch {
                        return
                    }
                }
            case .close(let reason):
                try? await outbound.close(closeCode(for: reason), reason: nil)
                return
            }
        }
    }

    private static func read(
        _ inbound: WebSocketInboundStream,
        into session: RealtimeSession<Principal>,
        socketID: EngineIOSessionStateMachine.WebSocketID,
        maxPayload: Int
    ) async {
        var message: (opcode: WebSocketDataFrame.Opcode, data: ByteBuffer)?
        do {
            for try await frame in inbound {
                switch frame.opcode {
                case .text, .binary:
                    guard message == nil else {
                        session.webSocketViolation(socketID, reason: "new message before the previous one ended")
                        return
                    }
                    message = (frame.opcode, frame.data)
                case .continuation:
                    guard var pending = message else {
                        session.webSocketViolation(socketID, reason: "continuation frame without a message")
                        return
                    }
                    var data = frame.data
                    pending.data.writeBuffer(&data)
                    message = pending
                }
                guard let complete = message else { continue }
                if complete.data.readableBytes > maxPayload {
                    session.webSocketOversized(socketID)
                    return
                }
                guard frame.fin else { continue }
                message = nil
                switch complete.opcode {
                case .binary:
                    session.webSocketReceived(binary: Array(complete.data.readableBytesView), on: socketID)
                default:
                    guard let text = String(validating: complete.data.readableBytesView, as: UTF8.self) else {
                        session.webSocketViolation(socketID, reason: EngineIOProtocolError.invalidUTF8.reason)
                        return
                    }
                    session.webSocketReceived(text: text, on: socketID)
                }
            }
        } catch {
            // The connection failed; treated like a close below.
        }
        session.webSocketClosed(socketID)
    }

    private static func closeCode(for reason: RealtimeDisconnectReason?) -> WebSocketErrorCode {
        switch reason {
        case .payloadTooLarge?: .messageTooLarge
        case .protocolError?: .protocolError
        case .serverShutdown?: .goingAway
        default: .normalClosure
        }
    }
}
