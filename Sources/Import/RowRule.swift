/// A condition on a source row (SQL over `s`) and the reason given when it holds.
public struct RowRule: Codable, Sendable, Equatable {
    /// SQL boolean expression over `s`.
    public var when: String
    /// Why the row is left out.
    public var reason: String

    /// Creates a rule.
    public init(when: String, reason: String) {
        self.when = when
        self.reason = reason
    }
}
