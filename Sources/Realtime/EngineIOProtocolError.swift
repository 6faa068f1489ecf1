/// A violation of the Engine.IO protocol by the peer; the session is closed when one occurs.
struct EngineIOProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, for logs and close reasons.
    var reason: String

    /// Creates an error explained by `reason`.
    init(_ reason: String) {
        self.reason = reason
    }

    /// The explanation.
    var description: String { reason }

    static let emptyPacket = Self("empty packet")
    static let emptyPayload = Self("empty polling payload")
    static let invalidBase64 = Self("binary packet is not valid base64")
    static let invalidUTF8 = Self("payload is not valid UTF-8")

    static func unknownType(_ character: Character) -> Self {
        Self("unknown packet type '\(character.isASCII && !character.isWhitespace ? String(character) : "?")'")
    }
}
