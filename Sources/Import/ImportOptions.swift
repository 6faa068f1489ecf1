/// How a pass runs.
public struct ImportOptions: Sendable {
    /// Write nothing anywhere (`import_runs` included); report what would change.
    public var dryRun: Bool
    /// Rows per batch (one keyset page, one target transaction).
    public var batchSize: Int
    /// Rows per batch for tables with file bytes (each row holds its bytes in memory).
    public var fileBatchSize: Int
    /// Read every row, not only those changed since the previous pass.
    public var full: Bool

    /// Creates options.
    public init(dryRun: Bool = false, batchSize: Int = 1000, fileBatchSize: Int = 50, full: Bool = false) {
        self.dryRun = dryRun
        self.batchSize = max(1, batchSize)
        self.fileBatchSize = max(1, fileBatchSize)
        self.full = full
    }
}
