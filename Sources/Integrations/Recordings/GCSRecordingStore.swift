public import Foundation

/// Recordings in a Google Cloud Storage bucket: V4 signed URLs for the browser, object deletes
/// through the JSON API (the `delete` operation is given by the caller that owns the HTTP client).
public struct GCSRecordingStore: RecordingStore {
    /// The bucket.
    public let bucket: String
    /// Signs URLs with the service-account key.
    public let signer: GCSURLSigner
    private let deleteObject: @Sendable (String) async throws -> Void

    /// A store in `bucket`; `deleteObject` deletes one object (treating 404 as done).
    public init(bucket: String, signer: GCSURLSigner, deleteObject: @escaping @Sendable (String) async throws -> Void) {
        self.bucket = bucket
        self.signer = signer
        self.deleteObject = deleteObject
    }

    /// The size bound is a signed `x-goog-content-length-range` header: Cloud Storage refuses an
    /// upload without it or larger than `maxBytes`.
    public func uploadURL(key: String, contentType: String, maxBytes: Int, expiresIn seconds: Int) throws -> URL {
        try signer.sign(GCSSignedURLRequest(method: "PUT", bucket: bucket, object: key, expiration: seconds,
                                            headers: uploadHeaders(contentType: contentType, maxBytes: maxBytes))).url
    }

    public func uploadHeaders(contentType: String, maxBytes: Int) -> [String: String] {
        ["Content-Type": contentType, "x-goog-content-length-range": "0,\(maxBytes)"]
    }

    public func downloadURL(key: String, expiresIn seconds: Int) throws -> URL {
        try signer.sign(GCSSignedURLRequest(method: "GET", bucket: bucket, object: key, expiration: seconds)).url
    }

    public func exists(key: String) async throws -> Bool? { nil }

    public func delete(key: String) async throws {
        try await deleteObject(key)
    }
}
