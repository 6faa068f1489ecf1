/// The `type` discriminator of provider messages (`{"type": "Results", …}`).
enum MessageTypeKey: String, CodingKey {
    case type
}

extension Decoder {
    /// The `type` field of the JSON object being decoded.
    func messageType() throws -> String {
        try container(keyedBy: MessageTypeKey.self).decode(String.self, forKey: .type)
    }
}

extension Encoder {
    /// Writes the `type` field of the JSON object being encoded (next to the payload's fields).
    func encodeMessageType(_ type: String) throws {
        var container = container(keyedBy: MessageTypeKey.self)
        try container.encode(type, forKey: .type)
    }
}
