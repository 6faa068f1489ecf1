/// What a pass did to one table.
public struct TableReport: Codable, Sendable, Equatable {
    /// Source rows read by the pass (all of them, or those changed since the previous pass).
    public var source: Int = 0
    /// Rows written (new or changed), or that would be with `--dry-run`.
    public var imported: Int = 0
    /// Rows already identical in the target.
    public var unchanged: Int = 0
    /// Rows that could not be imported.
    public var rejected: [RowIssue] = []
    /// Rows left out on purpose (e.g. soft-deleted or anonymous users).
    public var skipped: [RowIssue] = []
    /// Source columns the mapping does not know.
    public var unknownColumns: [String] = []

    /// An empty report.
    public init() {}
}
