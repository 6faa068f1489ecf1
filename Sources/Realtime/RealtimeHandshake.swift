import HTTPTypes

/// What the application sees when a client joins a namespace: the HTTP request that opened the
/// Engine.IO session (the first polling GET or the WebSocket upgrade) and the Socket.IO
/// `CONNECT` auth payload.
///
/// Cookies and tokens read from here must never be logged.
public struct RealtimeHandshake: Sendable {
    /// The headers of the first Engine.IO request (`Authorization`, `Cookie`, `Origin`, …).
    public let headers: HTTPFields
    /// The query parameters of the first Engine.IO request (the last value of a repeated name).
    public let query: [String: String]
    /// The `auth` object of the Socket.IO `CONNECT` packet (`io(url, { auth })`), if any.
    public let auth: JSONValue?
    /// The namespace being joined.
    public let namespace: String
    /// The transport of the first request.
    public let transport: RealtimeTransport

    /// Creates a handshake (the server builds these; tests may too).
    public init(headers: HTTPFields, query: [String: String], auth: JSONValue?, namespace: String, transport: RealtimeTransport) {
        self.headers = headers
        self.query = query
        self.auth = auth
        self.namespace = namespace
        self.transport = transport
    }

    /// The `Authorization` header.
    public var authorization: String? { headers[.authorization] }

    /// The token of an `Authorization: Bearer <token>` header.
    public var bearerToken: String? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = Self.trimmingSpaces(parts[1])
        return token.isEmpty ? nil : String(token)
    }

    /// The string member `key` of the auth payload (`auth: { token: "…" }` → `authString("token")`).
    public func authString(_ key: String) -> String? {
        auth?[key]?.stringValue
    }

    /// The value of cookie `name` from the `Cookie` header(s), if present.
    public func cookie(named name: String) -> String? {
        for field in headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let trimmed = Self.trimmingSpaces(pair)
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<equals] == name {
                    var value = trimmed[trimmed.index(after: equals)...]
                    if value.count >= 2, value.first == "\"", value.last == "\"" {
                        value = value.dropFirst().dropLast()
                    }
                    return String(value)
                }
            }
        }
        return nil
    }

    /// The `Origin` header.
    public var origin: String? { headers[.origin] }

    private static func trimmingSpaces(_ text: Substring) -> Substring {
        var slice = text
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
