public import Foundation

/// An exact HTTP answer for a fake to send (status, headers, body), for scripting answers that
/// the provider-specific behaviours do not cover.
public struct FakeResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The headers, in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: Data

    /// Creates an answer.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An answer with a JSON (or any text) body and `Content-Type: application/json`.
    public static func json(
        status: Int,
        _ text: String,
        headers: [(name: String, value: String)] = []
    ) -> FakeResponse {
        FakeResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(text.utf8))
    }

    /// An answer whose body is `value` encoded as JSON.
    public static func json(
        status: Int,
        _ value: JSONValue,
        headers: [(name: String, value: String)] = []
    ) -> FakeResponse {
        json(status: status, value.description, headers: headers)
    }
}
