/// An Engine.IO transport.
public enum RealtimeTransport: String, Sendable, Hashable, CaseIterable {
    /// HTTP long-polling (`transport=polling`).
    case polling
    /// WebSocket (`transport=websocket`), directly or upgraded from polling.
    case webSocket = "websocket"
}
