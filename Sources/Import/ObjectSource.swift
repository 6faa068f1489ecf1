public import NIOCore

/// Where the old system's stored objects are read from.
public protocol ObjectSource: Sendable {
    /// Streams object `name` of `bucket` to `consume`; `false` when it does not exist.
    func read(bucket: String, name: String, into consume: @escaping @Sendable (ByteBuffer) async throws -> Void) async throws -> Bool
}
