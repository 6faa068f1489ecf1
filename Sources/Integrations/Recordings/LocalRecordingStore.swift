import Crypto
public import Foundation

/// Recordings as files under `<DATA_DIR>/recordings/`, with expiring HMAC-signed URLs served by
/// the API itself (`/storage/local/<key>?op=&expires=&signature=`): the same flow as GCS signed
/// URLs, without credentials.
public struct LocalRecordingStore: RecordingStore {
    /// Root folder of the files.
    public let directory: URL
    /// Public origin of the API that serves the URLs.
    public let baseURL: String
    private let key: Data

    /// A store under `directory`, signing URLs on `baseURL` with a key derived from `secret`.
    public init(directory: URL, baseURL: String, secret: String) {
        self.directory = directory
        self.baseURL = baseURL
        self.key = Data(SHA256.hash(data: Data("vantahire-local-recordings:\(secret)".utf8)))
    }

    /// The operation a signed URL allows.
    public enum Operation: String, Sendable {
        /// Upload.
        case put
        /// Download.
        case get
    }

    /// The file of recording `key`.
    public func fileURL(for key: String) -> URL {
        directory.appendingPathComponent(key, isDirectory: false)
    }

    /// The API's local upload route enforces `RECORDING_MAX_BYTES` while the body streams in.
    public func uploadURL(key: String, contentType: String, maxBytes: Int, expiresIn seconds: Int) throws -> URL {
        try signedURL(.put, key: key, expiresIn: seconds)
    }

    public func uploadHeaders(contentType: String, maxBytes: Int) -> [String: String] {
        ["Content-Type": contentType]
    }

    public func downloadURL(key: String, expiresIn seconds: Int) throws -> URL {
        try signedURL(.get, key: key, expiresIn: seconds)
    }

    public func exists(key: String) async throws -> Bool? {
        FileManager.default.fileExists(atPath: fileURL(for: key).path)
    }

    public func delete(key: String) async throws {
        do {
            try FileManager.default.removeItem(at: fileURL(for: key))
        } catch let error as CocoaError where error.code == .fileNoSuchFile {
            return
        }
    }

    /// A signed URL for `operation` on `key`.
    public func signedURL(_ operation: Operation, key: String, expiresIn seconds: Int, now: Date = Date()) throws -> URL {
        let expires = Int(now.timeIntervalSince1970) + seconds
        let signature = sign(operation, key: key, expires: expires)
        guard let url = URL(string: "\(baseURL)/storage/local/\(key)?op=\(operation.rawValue)&expires=\(expires)&signature=\(signature)") else {
            throw RecordingStoreError("cannot build a URL for \(key)")
        }
        return url
    }

    /// Whether `signature` allows `operation` on `key` until `expires` (and it has not passed).
    public func verify(_ operation: Operation, key: String, expires: Int, signature: String, now: Date = Date()) -> Bool {
        guard expires > Int(now.timeIntervalSince1970) else { return false }
        let expected = sign(operation, key: key, expires: expires)
        return expected.utf8.count == signature.utf8.count && zip(expected.utf8, signature.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func sign(_ operation: Operation, key: String, expires: Int) -> String {
        let message = "\(operation.rawValue)\n\(key)\n\(expires)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: self.key))
        return mac.map { String(format: "%02x", $0) }.joined()
    }
}

/// A recordings store that could not do what was asked.
public struct RecordingStoreError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
