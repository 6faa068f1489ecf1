/// The payload of an Engine.IO `message` packet.
enum EngineIOMessage: Sendable, Equatable {
    /// UTF-8 text (a Socket.IO packet, for this server).
    case text(String)
    /// Raw bytes (a Socket.IO binary attachment).
    case binary([UInt8])

    /// The size of the payload in bytes.
    var byteCount: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let bytes): bytes.count
        }
    }
}
