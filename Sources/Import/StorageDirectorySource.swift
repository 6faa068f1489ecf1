public import Foundation
public import NIOCore

/// Buckets exported to a folder: `<root>/<bucket>/<object name>`.
public struct StorageDirectorySource: ObjectSource {
    /// The folder holding one folder per bucket.
    public let root: URL
    /// Bytes read per chunk.
    public let chunkSize: Int

    /// Reads objects under `root`.
    public init(root: URL, chunkSize: Int = 1 << 20) {
        self.root = root
        self.chunkSize = chunkSize
    }

    public func read(bucket: String, name: String, into consume: @escaping @Sendable (ByteBuffer) async throws -> Void) async throws -> Bool {
        let parts = [bucket] + name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // A name cannot climb out of its bucket's folder.
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return false }
        let url = parts.reduce(root) { $0.appendingPathComponent($1, isDirectory: false) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return false }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while true {
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { break }
            try await consume(ByteBuffer(bytes: data))
        }
        return true
    }
}
