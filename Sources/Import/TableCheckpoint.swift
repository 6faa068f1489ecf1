/// The saved progress of one table in one pass (a row of `import_run_tables`).
struct TableCheckpoint: Sendable {
    /// The last source key handled.
    var lastKey: String?
    /// The `updatedAt` lower bound of this pass (nil: every row).
    var since: String?
    /// The newest source `updatedAt` when the pass started on the table.
    var highWater: String?
    /// Whether the table is done in this pass.
    var completed: Bool
    /// Counts and lists so far.
    var report: TableReport
}
