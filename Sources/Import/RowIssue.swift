/// A source row that was not imported, and why.
public struct RowIssue: Codable, Sendable, Equatable {
    /// The row's key.
    public var id: String
    /// Why.
    public var reason: String

    /// Creates an entry.
    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
}
