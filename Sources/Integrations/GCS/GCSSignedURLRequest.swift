public import Foundation

/// Everything that goes into one V4 signed URL (see ``GCSURLSigner/sign(_:)``).
public struct GCSSignedURLRequest: Sendable, Equatable {
    /// The default service host, `storage.googleapis.com`.
    public static let defaultHost = "storage.googleapis.com"

    /// The HTTP method the URL is valid for (`GET`, `PUT`, `POST` for resumable starts, `DELETE`, …); upper-cased when signing.
    public var method: String
    /// The bucket name.
    public var bucket: String
    /// The object name (UTF-8, `/` allowed and kept), or `nil` for a bucket-level URL (e.g. listing).
    public var object: String?
    /// Lifetime of the URL in seconds, `1...604800` (7 days).
    public var expiration: Int
    /// The signing time (`X-Goog-Date`); the URL is valid from then for ``expiration`` seconds.
    public var timestamp: Date
    /// Extra headers to sign; the client must send exactly these (e.g. `Content-Type` on a `PUT`,
    /// `x-goog-resumable: start` on a resumable `POST`). `host` is always added. A signed
    /// `x-goog-content-sha256` value becomes the payload hash.
    public var headers: [String: String]
    /// Extra query parameters (e.g. `response-content-disposition`, `generation`), signed and appended.
    public var queryParameters: [String: String]
    /// The URL scheme.
    public var scheme: GCSURLScheme
    /// Path-style, virtual-hosted style or a bucket-bound hostname.
    public var urlStyle: GCSURLStyle
    /// The service host, optionally with a port (`storage.googleapis.com`, `localhost:4443`,
    /// `storage.<universe domain>`). Ignored for ``GCSURLStyle/bucketBoundHostname(_:)``. The port
    /// stays in the URL but not in the signed `host` header.
    public var host: String

    /// Creates a request; every parameter after `expiration` has a default.
    public init(
        method: String,
        bucket: String,
        object: String?,
        expiration: Int,
        timestamp: Date = Date(),
        headers: [String: String] = [:],
        queryParameters: [String: String] = [:],
        scheme: GCSURLScheme = .https,
        urlStyle: GCSURLStyle = .pathStyle,
        host: String = GCSSignedURLRequest.defaultHost
    ) {
        self.method = method
        self.bucket = bucket
        self.object = object
        self.expiration = expiration
        self.timestamp = timestamp
        self.headers = headers
        self.queryParameters = queryParameters
        self.scheme = scheme
        self.urlStyle = urlStyle
        self.host = host
    }
}
