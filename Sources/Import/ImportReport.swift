/// The outcome of `vantahire import supabase` (the `--json` output).
public struct ImportReport: Codable, Sendable, Equatable {
    /// The pass's number in `import_runs` (absent with `--dry-run`).
    public var run: Int64?
    /// Whether nothing was written.
    public var dryRun: Bool
    /// Per target table.
    public var tables: [String: TableReport]
    /// Stored bytes.
    public var files: FilesReport

    /// Creates a report.
    public init(run: Int64?, dryRun: Bool, tables: [String: TableReport] = [:], files: FilesReport = FilesReport()) {
        self.run = run
        self.dryRun = dryRun
        self.tables = tables
        self.files = files
    }

    /// Every reject, tables and recordings.
    public var rejectCount: Int {
        tables.values.reduce(0) { $0 + $1.rejected.count } + files.recordingsRejected.count
    }
}
