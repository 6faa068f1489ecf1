/// Why a socket or a whole Engine.IO session ended.
public enum RealtimeDisconnectReason: Sendable, Equatable, CustomStringConvertible {
    /// The client left the namespace (Socket.IO `DISCONNECT` packet, `41`).
    case clientNamespaceDisconnect
    /// The client closed the Engine.IO session (`1` packet).
    case clientClose
    /// The WebSocket connection went away without a close packet.
    case transportClose
    /// The client did not answer a ping within `pingTimeout`.
    case pingTimeout
    /// The client broke the Engine.IO or Socket.IO protocol; the text says how.
    case protocolError(String)
    /// A request body or WebSocket message exceeded `maxPayload`.
    case payloadTooLarge
    /// Two GET (or two POST) polling requests overlapped, which the protocol forbids.
    case requestOverlap
    /// No namespace was connected within `connectTimeout`.
    case connectTimeout
    /// The server disconnected the socket from its namespace (``RealtimeSocket/disconnect(closingConnection:)``).
    case serverNamespaceDisconnect
    /// The server closed the whole connection.
    case serverClose
    /// The server is shutting down.
    case serverShutdown
    /// Too many packets were waiting for a client that does not read them.
    case bufferOverflow

    /// A short phrase for logs, in the words of the reference implementation where one exists.
    public var description: String {
        switch self {
        case .clientNamespaceDisconnect: "client namespace disconnect"
        case .clientClose: "client close"
        case .transportClose: "transport close"
        case .pingTimeout: "ping timeout"
        case .protocolError(let reason): "parse error: \(reason)"
        case .payloadTooLarge: "payload too large"
        case .requestOverlap: "request overlap"
        case .connectTimeout: "connect timeout"
        case .serverNamespaceDisconnect: "server namespace disconnect"
        case .serverClose: "forced close"
        case .serverShutdown: "server shutting down"
        case .bufferOverflow: "buffer overflow"
        }
    }
}

extension RealtimeDisconnectReason {
    /// Whether the server chose to close, so packets already queued should still be delivered.
    var isServerInitiated: Bool {
        switch self {
        case .serverNamespaceDisconnect, .serverClose, .serverShutdown: true
        default: false
        }
    }

    /// Whether a polling client may still come for a last GET (and should get a `close` packet).
    var clientMayStillPoll: Bool {
        switch self {
        case .pingTimeout, .transportClose, .clientClose, .requestOverlap: false
        default: true
        }
    }
}
