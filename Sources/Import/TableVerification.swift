/// What `vantahire import verify` found for one table.
public struct TableVerification: Codable, Sendable, Equatable {
    /// Rows the mapping selects in the source (skipped rows excluded).
    public var sourceRows = 0
    /// Rows in the target table.
    public var targetRows = 0
    /// SHA-256 over the source rows' canonical hashes in key order.
    public var sourceDigest = ""
    /// The same over the target rows.
    public var targetDigest = ""
    /// How many rows differ (missing, extra or different content, dangling reference, bad hash, bad bytes).
    public var differences = 0
    /// The first differences, with their ids.
    public var firstDifferences: [RowIssue] = []

    /// An empty result.
    public init() {}

    /// Whether the table matches.
    public var ok: Bool { differences == 0 }

    /// Records a difference (keeps the first ten).
    mutating func add(_ id: String, _ problem: String) {
        differences += 1
        if firstDifferences.count < 10 { firstDifferences.append(RowIssue(id: id, reason: problem)) }
    }
}
