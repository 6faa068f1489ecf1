/// A target column holding a recording's key: the object of that name in ``bucket`` is copied
/// into the recordings store under the same key.
public struct RecordingMapping: Codable, Sendable, Equatable {
    /// Target column with the key (e.g. `recording_key`).
    public var column: String
    /// Source bucket of the recordings.
    public var bucket: String

    /// Creates the mapping.
    public init(column: String, bucket: String) {
        self.column = column
        self.bucket = bucket
    }
}
