/// Why JSON text could not be parsed into a ``JSONValue``.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var reason: String
    /// The UTF-8 byte offset at which parsing stopped.
    public var offset: Int

    /// Creates an error at byte `offset`.
    public init(_ reason: String, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A one-line explanation for logs.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
