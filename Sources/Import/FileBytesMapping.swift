/// Where a file row's bytes are: an object in a storage bucket, read from the Storage API or an
/// exported folder, written to the target's bytea column (with its size and SHA-256).
public struct FileBytesMapping: Codable, Sendable, Equatable {
    /// SQL over `s` (and joins) giving the bucket.
    public var bucket: String
    /// SQL over `s` (and joins) giving the object name.
    public var object: String
    /// Target bytea column.
    public var dataColumn: String
    /// Target column receiving the byte count.
    public var sizeColumn: String
    /// Target column receiving the lower-case hex SHA-256 of the bytes.
    public var sha256Column: String

    /// Creates the mapping.
    public init(bucket: String, object: String, dataColumn: String = "data", sizeColumn: String = "size", sha256Column: String = "sha256") {
        self.bucket = bucket
        self.object = object
        self.dataColumn = dataColumn
        self.sizeColumn = sizeColumn
        self.sha256Column = sha256Column
    }
}
