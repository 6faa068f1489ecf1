/// Thrown by the authentication hook to refuse a connection with a specific message: the client
/// receives `CONNECT_ERROR` `{"message": message, "data": data}` (JavaScript: `connect_error`
/// with `err.message` and `err.data`).
///
/// Returning `nil` from the hook refuses with "Not authorized"; any other error refuses with
/// "Internal server error" and is logged without its details reaching the client.
public struct RealtimeConnectionRefusal: Error, Sendable, Equatable {
    /// The message the client receives.
    public var message: String
    /// Extra data the client receives, if any.
    public var data: JSONValue?

    /// A refusal with `message` and optional `data`.
    public init(message: String, data: JSONValue? = nil) {
        self.message = message
        self.data = data
    }
}
