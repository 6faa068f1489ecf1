/// How one source table (read as alias `s`) fills one target table.
///
/// Every target column is filled either from a source column (``columns``) or from an SQL
/// expression over `s` and ``joins`` (``expressions``); values are cast to the target column's
/// type, and enum columns are translated by label, case-insensitively, with ``enums`` for
/// the values whose names differ. Target columns not named here keep their defaults.
public struct TableMapping: Codable, Sendable, Equatable {
    /// Target table, e.g. `job_postings`.
    public var target: String
    /// Source table, schema-qualified, e.g. `public.jobs`.
    public var source: String
    /// Primary key column, the same name on both sides (UUIDs kept as they are).
    public var key: String
    /// SQL over `s` giving the row's last change time: a second pass selects only rows changed
    /// since the previous pass. `nil`: every row is read and compared by content hash.
    public var updatedAt: String?
    /// Target column → source column.
    public var columns: [String: String]
    /// Target column → SQL expression over `s` (and the joined aliases).
    public var expressions: [String: String]?
    /// Target column → (source value, case-insensitive → target value), for values whose names differ.
    public var enums: [String: [String: String]]?
    /// Extra `LEFT JOIN …` clauses available to expressions.
    public var joins: [String]?
    /// Source columns deliberately not copied (not reported as unknown).
    public var ignore: [String]?
    /// Rows left out on purpose (reported as skipped, not as rejects).
    public var skip: [RowRule]?
    /// Rows that cannot be imported (reported as rejects).
    public var reject: [RowRule]?
    /// Target column → target table whose `id` it references; a row whose reference is missing
    /// in the target is rejected as an orphan.
    public var references: [String: String]?
    /// Where a file row's bytes live (the `files` table).
    public var bytes: FileBytesMapping?
    /// Which column names a recording to copy into the recordings store (the `interviews` table).
    public var recording: RecordingMapping?

    /// Creates a table mapping.
    public init(
        target: String, source: String, key: String = "id", updatedAt: String? = nil, columns: [String: String],
        expressions: [String: String]? = nil, enums: [String: [String: String]]? = nil, joins: [String]? = nil,
        ignore: [String]? = nil, skip: [RowRule]? = nil, reject: [RowRule]? = nil, references: [String: String]? = nil,
        bytes: FileBytesMapping? = nil, recording: RecordingMapping? = nil
    ) {
        self.target = target
        self.source = source
        self.key = key
        self.updatedAt = updatedAt
        self.columns = columns
        self.expressions = expressions
        self.enums = enums
        self.joins = joins
        self.ignore = ignore
        self.skip = skip
        self.reject = reject
        self.references = references
        self.bytes = bytes
        self.recording = recording
    }
}
