public import Foundation

/// A request as a fake received it, for assertions.
public struct RecordedRequest: Sendable {
    /// The HTTP method, for example `POST`.
    public var method: String
    /// The request path exactly as sent (still percent-encoded), without the query.
    public var path: String
    /// The raw query string (after `?`), if any.
    public var query: String?
    /// The headers, names lower-cased; repeated headers are joined with `, `.
    public var headers: [String: String]
    /// The raw body.
    public var body: Data
    /// When the fake received the request.
    public var receivedAt: ContinuousClock.Instant

    /// Creates a record.
    public init(
        method: String,
        path: String,
        query: String?,
        headers: [String: String],
        body: Data,
        receivedAt: ContinuousClock.Instant
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }

    /// The value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The body parsed as JSON, or `nil` if it is not JSON.
    public var json: JSONValue? {
        JSONValue(data: body)
    }

    /// The body parsed as `application/x-www-form-urlencoded` (`+` read as a space).
    public var form: [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first.flatMap({ Self.formDecode($0) }) else { continue }
            fields[name] = parts.count > 1 ? Self.formDecode(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func formDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
