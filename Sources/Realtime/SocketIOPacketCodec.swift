/// Encodes and decodes Socket.IO v5 packets (the text inside Engine.IO `message` packets).
enum SocketIOPacketCodec {
    /// Event names a client may not emit (they are reserved by the Socket.IO API).
    static let reservedEventNames: Set<String> = [
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    ]

    /// Ack ids longer than this are refused (they would not fit an `Int` safely).
    static let maximumAckIDDigits = 15

    /// Encodes `packet` as `<type>[<attachments>-][<namespace>,][<ack id>][<JSON>]`.
    static func encode(_ packet: SocketIOPacket) -> String {
        var output = String(packet.kind.rawValue)
        if packet.kind == .binaryEvent || packet.kind == .binaryAck {
            output += "\(packet.attachments ?? 0)-"
        }
        if packet.namespace != "/" {
            output += packet.namespace + ","
        }
        if let ackID = packet.ackID {
            output += String(ackID)
        }
        packet.payload?.write(to: &output)
        return output
    }

    /// Decodes and validates one packet, as the reference parser does.
    static func decode(_ text: String) throws(SocketIOProtocolError) -> SocketIOPacket {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { throw .empty }
        guard first >= UInt8(ascii: "0"), let kind = SocketIOPacket.Kind(rawValue: Int(first) - Int(UInt8(ascii: "0"))) else {
            throw .unknownType
        }
        var packet = SocketIOPacket(kind: kind)
        var index = 1

        if kind == .binaryEvent || kind == .binaryAck {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start, index - start <= 6, index < bytes.count, bytes[index] == UInt8(ascii: "-"),
                  let count = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                throw .invalidAttachments
            }
            packet.attachments = count
            index += 1
        }

        if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: ",") { index += 1 }
            packet.namespace = String(decoding: bytes[start..<index], as: UTF8.self)
            if index < bytes.count { index += 1 }  // the comma
        }

        if index < bytes.count, isDigit(bytes[index]) {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index - start <= maximumAckIDDigits,
                  let id = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                throw .invalidAckID
            }
            packet.ackID = id
        }

        if index < bytes.count {
            do {
                packet.payload = try JSONParser.parse(String(decoding: bytes[index...], as: UTF8.self))
            } catch {
                throw .invalidJSON(error)
            }
        }

        try validate(packet)
        return packet
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func validate(_ packet: SocketIOPacket) throws(SocketIOProtocolError) {
        switch packet.kind {
        case .connect:
            switch packet.payload {
            case nil, .object?: break
            default: throw .invalidPayload
            }
        case .disconnect:
            guard packet.payload == nil else { throw .invalidPayload }
        case .connectError:
            switch packet.payload {
            case .string?, .object?: break
            default: throw .invalidPayload
            }
        case .event, .binaryEvent:
            guard case .array(let elements)? = packet.payload, case .string(let name)? = elements.first,
                  !reservedEventNames.contains(name) else {
                throw .invalidPayload
            }
        case .ack, .binaryAck:
            guard case .array? = packet.payload else { throw .invalidPayload }
            guard packet.ackID != nil else { throw .invalidAckID }
        }
    }
}
