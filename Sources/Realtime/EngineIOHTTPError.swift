import HTTPTypes

/// An Engine.IO error answered to a polling request (or a refused WebSocket upgrade), as the
/// reference server does: an HTTP status and a JSON body `{"code":…,"message":…}`.
struct EngineIOHTTPError: Error, Sendable, Equatable {
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// The Engine.IO error code (`nil` for statuses with an empty body, such as 413).
    var code: Int?
    /// The Engine.IO error message.
    var message: String

    /// `0` — `transport` is missing or not `polling`/`websocket`.
    static let transportUnknown = Self(status: .badRequest, code: 0, message: "Transport unknown")
    /// `1` — `sid` is missing or names no live session.
    static let unknownSession = Self(status: .badRequest, code: 1, message: "Session ID unknown")
    /// `2` — a handshake with a method other than GET.
    static let badHandshakeMethod = Self(status: .badRequest, code: 2, message: "Bad handshake method")
    /// `3` — the request does not fit the session's state (wrong transport, overlap, …).
    static let badRequest = Self(status: .badRequest, code: 3, message: "Bad request")
    /// `4` — the request's `Origin` is not allowed.
    static let forbidden = Self(status: .forbidden, code: 4, message: "Forbidden")
    /// `5` — `EIO` is missing or not `4`.
    static let unsupportedProtocolVersion = Self(status: .badRequest, code: 5, message: "Unsupported protocol version")
    /// A POST body larger than `maxPayload`.
    static let payloadTooLarge = Self(status: .contentTooLarge, code: nil, message: "Payload too large")
    /// The client's address has `maxPendingSessionsPerAddress` sessions that have not joined a
    /// namespace yet.
    static let tooManyPendingSessions = Self(
        status: .tooManyRequests, code: 3, message: "Too many connections from this address are waiting to join; join or close them first")
    /// The server is shutting down and accepts no new session.
    static let shuttingDown = Self(status: .serviceUnavailable, code: nil, message: "Server shutting down")

    /// The response body.
    var body: String {
        guard let code else { return "" }
        let json: JSONValue = ["code": .number(Double(code)), "message": .string(message)]
        return json.jsonText
    }
}
