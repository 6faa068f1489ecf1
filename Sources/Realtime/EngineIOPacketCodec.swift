import Foundation

/// Encodes and decodes Engine.IO v4 packets for both transports.
enum EngineIOPacketCodec {
    /// The record separator joining packets in a polling payload.
    static let separator: Character = "\u{1E}"

    // MARK: Single packets (WebSocket frames, polling segments)

    /// Decodes a text packet (`<type digit>[payload]`).
    static func decode(text: String) throws(EngineIOProtocolError) -> EngineIOPacket {
        guard let first = text.first else { throw .emptyPacket }
        let payload = String(text.dropFirst())
        switch first {
        case "0": return .open(payload)
        case "1": return .close
        case "2": return .ping(payload)
        case "3": return .pong(payload)
        case "4": return .message(.text(payload))
        case "5": return .upgrade
        case "6": return .noop
        default: throw .unknownType(first)
        }
    }

    /// Encodes a packet as WebSocket text, or `nil` for a binary message (send its bytes as a
    /// binary frame instead).
    static func encodeText(_ packet: EngineIOPacket) -> String? {
        switch packet {
        case .open(let payload): "0" + payload
        case .close: "1"
        case .ping(let payload): "2" + payload
        case .pong(let payload): "3" + payload
        case .message(.text(let text)): "4" + text
        case .message(.binary): nil
        case .upgrade: "5"
        case .noop: "6"
        }
    }

    // MARK: Polling payloads

    /// Decodes an HTTP long-polling payload: packets separated by U+001E, binary messages as
    /// `b<base64>`.
    static func decodePayload(_ payload: String) throws(EngineIOProtocolError) -> [EngineIOPacket] {
        guard !payload.isEmpty else { throw .emptyPayload }
        var packets: [EngineIOPacket] = []
        for segment in payload.split(separator: separator, omittingEmptySubsequences: false) {
            if segment.first == "b" {
                guard let data = Data(base64Encoded: String(segment.dropFirst())) else { throw .invalidBase64 }
                packets.append(.message(.binary(Array(data))))
            } else {
                packets.append(try decode(text: String(segment)))
            }
        }
        return packets
    }

    /// Encodes packets as one HTTP long-polling payload.
    static func encodePayload(_ packets: [EngineIOPacket]) -> String {
        var output = ""
        for (index, packet) in packets.enumerated() {
            if index > 0 { output.append(separator) }
            if case .message(.binary(let bytes)) = packet {
                output += "b" + Data(bytes).base64EncodedString()
            } else if let text = encodeText(packet) {
                output += text
            }
        }
        return output
    }

    // MARK: Handshake

    /// The `open` packet's JSON: `{"sid","upgrades","pingInterval","pingTimeout","maxPayload"}`.
    static func openPacket(
        sid: String,
        upgrades: [String],
        pingInterval: Duration,
        pingTimeout: Duration,
        maxPayload: Int
    ) -> EngineIOPacket {
        let handshake: JSONValue = [
            "sid": .string(sid),
            "upgrades": .array(upgrades.map { .string($0) }),
            "pingInterval": .number(Double(pingInterval.wholeMilliseconds)),
            "pingTimeout": .number(Double(pingTimeout.wholeMilliseconds)),
            "maxPayload": .number(Double(maxPayload)),
        ]
        return .open(handshake.jsonText)
    }
}
