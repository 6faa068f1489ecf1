/// Thrown by a handler to discard its job at once, without further attempts.
public struct PermanentJobError: Error, CustomStringConvertible {
    /// Why the job cannot succeed.
    public let message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    /// `message`.
    public var description: String { message }
}
