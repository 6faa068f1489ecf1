/// A database call whose connection closed (the server terminated the backend, restarted, or the
/// network dropped) before it was answered.
public struct DatabaseConnectionClosedError: Error, CustomStringConvertible {
    /// Creates the error.
    public init() {}

    /// `the database connection closed before the call was answered`.
    public var description: String { "the database connection closed before the call was answered" }
}
