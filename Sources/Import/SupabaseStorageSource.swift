public import Integrations
public import NIOCore

/// Objects read through Supabase Storage's REST API.
public struct SupabaseStorageSource: ObjectSource {
    /// The client.
    public let client: SupabaseStorageClient

    /// Reads through `client`.
    public init(client: SupabaseStorageClient) {
        self.client = client
    }

    public func read(bucket: String, name: String, into consume: @escaping @Sendable (ByteBuffer) async throws -> Void) async throws -> Bool {
        try await client.download(bucket: bucket, name: name, into: consume)
    }
}
