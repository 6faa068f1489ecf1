/// One Engine.IO v4 packet.
///
/// On a WebSocket every packet is one frame: text packets are `<type digit><payload>`, binary
/// messages are binary frames without a prefix. In a polling payload packets are joined with
/// U+001E and binary messages are written `b<base64>` (see ``EngineIOPacketCodec``).
enum EngineIOPacket: Sendable, Equatable {
    /// `0` — the handshake, server → client, carrying a JSON object.
    case open(String)
    /// `1` — close the transport/session.
    case close
    /// `2` — heartbeat request (server → client in v4); `2probe` starts an upgrade (client → server).
    case ping(String)
    /// `3` — heartbeat reply; `3probe` answers an upgrade probe.
    case pong(String)
    /// `4` — a message for the layer above (Socket.IO).
    case message(EngineIOMessage)
    /// `5` — completes a polling → WebSocket upgrade (client → server).
    case upgrade
    /// `6` — does nothing; used to flush a pending poll during an upgrade.
    case noop

    /// The packet type digit.
    var typeDigit: Character {
        switch self {
        case .open: "0"
        case .close: "1"
        case .ping: "2"
        case .pong: "3"
        case .message: "4"
        case .upgrade: "5"
        case .noop: "6"
        }
    }
}
