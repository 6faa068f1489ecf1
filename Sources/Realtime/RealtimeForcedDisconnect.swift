/// How ``RealtimeServer/disconnectSockets(_:where:)`` ends the sockets it picks.
public enum RealtimeForcedDisconnect: Sendable, Equatable {
    /// Sends `DISCONNECT`, then closes the connection: a Socket.IO client reports
    /// "io server disconnect" and does not reconnect on its own.
    case final
    /// Closes the connection without `DISCONNECT`: a Socket.IO client sees the transport close,
    /// reconnects and authenticates again (with whatever its credentials now grant).
    case reconnect
}
