import Foundation

/// JSON helpers shared by the provider message types.
enum WireJSON {
    /// Decodes a message from the UTF-8 text of a WebSocket text frame.
    static func decode<Message: Decodable>(_ type: Message.Type, text: String) throws -> Message {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// Encodes `message` as compact JSON text with sorted keys (stable for tests and logs).
    static func text(of message: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(message), as: UTF8.self)
    }
}
