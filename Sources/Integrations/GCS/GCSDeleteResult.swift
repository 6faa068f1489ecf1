/// What a ``GCSStorageClient/deleteObject(bucket:object:generation:)`` call found.
public enum GCSDeleteResult: Sendable, Hashable {
    /// The object existed and was deleted (HTTP 204).
    case deleted
    /// There was no such object (HTTP 404); idempotent clean-up treats this as already deleted.
    case notFound
}
