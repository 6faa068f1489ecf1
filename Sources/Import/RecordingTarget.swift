import Foundation
public import Integrations
public import NIOCore

/// The recordings store the importer writes into and the verifier reads back.
public protocol RecordingTarget: Sendable {
    /// Size of recording `key`, nil when absent.
    func size(key: String) async throws -> Int64?
    /// Writes recording `key` from the chunks `produce` passes to its argument; nothing is kept
    /// when `produce` returns false or throws.
    func write(key: String, produce: @Sendable (@escaping @Sendable (ByteBuffer) async throws -> Void) async throws -> Bool) async throws -> Bool
    /// Lower-case hex SHA-256 of recording `key`, nil when absent.
    func sha256(key: String) async throws -> String?
}

/// Recordings as local files (``LocalRecordingStore``'s layout), written atomically.
public struct LocalRecordingTarget: RecordingTarget {
    /// The store.
    public let store: LocalRecordingStore

    /// Writes into `store`.
    public init(store: LocalRecordingStore) {
        self.store = store
    }

    public func size(key: String) async throws -> Int64? {
        guard let url = try fileURL(key),
              let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value
    }

    public func write(key: String, produce: @Sendable (@escaping @Sendable (ByteBuffer) async throws -> Void) async throws -> Bool) async throws -> Bool {
        guard let url = try fileURL(key) else { throw ImportError("recording key '\(key)' is not a safe path") }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = url.deletingLastPathComponent().appendingPathComponent(".import-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw ImportError("cannot create \(partial.path)")
        }
        let handle = try FileHandle(forWritingTo: partial)
        do {
            let found = try await produce { buffer in
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            try handle.close()
            guard found else {
                try? FileManager.default.removeItem(at: partial)
                return false
            }
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: partial, to: url)
            return true
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    public func sha256(key: String) async throws -> String? {
        guard let url = try fileURL(key), FileManager.default.fileExists(atPath: url.path) else { return nil }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let digest = StreamDigest()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            digest.update(ByteBuffer(bytes: data))
        }
        return digest.hex()
    }

    private func fileURL(_ key: String) throws -> URL? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
        return store.fileURL(for: key)
    }
}

/// Recordings in a Google Cloud Storage bucket (the platform's store when `GCS_*` is set). Each
/// recording is staged in a local file, then uploaded in one request, so a failed copy leaves no
/// partial object behind.
public struct GCSRecordingTarget: RecordingTarget {
    /// The bucket's client.
    public let client: GCSStorageClient
    /// The bucket.
    public let bucket: String
    /// Where recordings are staged before their upload.
    public let stagingDirectory: URL

    /// Writes into `bucket` through `client`, staging under `stagingDirectory`.
    public init(client: GCSStorageClient, bucket: String, stagingDirectory: URL) {
        self.client = client
        self.bucket = bucket
        self.stagingDirectory = stagingDirectory
    }

    public func size(key: String) async throws -> Int64? {
        try await client.objectSize(bucket: bucket, object: key)
    }

    public func write(key: String, produce: @Sendable (@escaping @Sendable (ByteBuffer) async throws -> Void) async throws -> Bool) async throws -> Bool {
        try FileManager.default.createDirectory(at: stagingDirectory, withIntermediateDirectories: true)
        let staged = stagingDirectory.appendingPathComponent(".import-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: staged.path, contents: nil) else {
            throw ImportError("cannot create \(staged.path)")
        }
        defer { try? FileManager.default.removeItem(at: staged) }
        let handle = try FileHandle(forWritingTo: staged)
        let found: Bool
        do {
            found = try await produce { buffer in
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        guard found else { return false }
        try await client.uploadObject(bucket: bucket, object: key, contentType: Self.contentType(of: key), file: staged)
        return true
    }

    /// The recording's type from its name (`.webm`, `.mp4`, `.ogg`, `.wav`, `.m4a`).
    static func contentType(of key: String) -> String {
        switch key.split(separator: ".").last?.lowercased() {
        case "webm": "video/webm"
        case "mp4": "video/mp4"
        case "ogg", "oga": "audio/ogg"
        case "wav": "audio/wav"
        case "m4a": "audio/mp4"
        default: "application/octet-stream"
        }
    }

    public func sha256(key: String) async throws -> String? {
        let digest = StreamDigest()
        guard try await client.downloadObject(bucket: bucket, object: key, consume: { digest.update($0) }) else { return nil }
        return digest.hex()
    }
}
