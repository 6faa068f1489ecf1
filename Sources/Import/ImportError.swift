/// The import cannot go on (bad mapping, unreachable source, schema mismatch).
public struct ImportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
