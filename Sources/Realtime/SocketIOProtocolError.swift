/// A malformed or out-of-place Socket.IO packet; the connection is closed when one arrives.
struct SocketIOProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, for logs and close reasons.
    var reason: String

    /// Creates an error explained by `reason`.
    init(_ reason: String) {
        self.reason = reason
    }

    /// The explanation.
    var description: String { reason }

    static let empty = Self("empty packet")
    static let unknownType = Self("unknown packet type")
    static let invalidAttachments = Self("invalid attachment count")
    static let invalidNamespace = Self("invalid namespace")
    static let invalidAckID = Self("invalid ack id")
    static let invalidPayload = Self("invalid payload")
    static let binaryUnsupported = Self("binary packets are not supported by this server")
    static let unexpectedBinary = Self("unexpected binary message")

    static func invalidJSON(_ error: JSONParseError) -> Self {
        Self("invalid JSON payload (\(error.reason) at byte \(error.offset))")
    }
}
