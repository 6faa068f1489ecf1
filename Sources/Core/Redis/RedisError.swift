/// An error raised by a ``RedisStore``.
public struct RedisError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// A short, stable name for the code.
        public let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The server could not be reached, the connection dropped, or the client is shut down.
        public static let connectionFailed = Code("connectionFailed")
        /// The server answered the command with an error reply.
        public static let serverError = Code("serverError")
        /// The server's bytes could not be parsed as RESP, or a reply had an unexpected shape.
        public static let protocolError = Code("protocolError")
        /// The `REDIS_URL` (or another configuration value) is not usable.
        public static let invalidURL = Code("invalidURL")
        /// The server did not answer within the command timeout.
        public static let timeout = Code("timeout")
        /// `AUTH` was rejected (wrong password or username).
        public static let authenticationFailed = Code("authenticationFailed")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation, including the server's error text where there is one.
    public var message: String

    /// Creates an error with `code` and `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Creates an error with `code` and `message`.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `Redis <code>: <message>`.
    public var description: String {
        "Redis \(code.name): \(message)"
    }
}
