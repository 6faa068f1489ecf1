public import Foundation

/// A V4 signed URL together with the intermediate values it was derived from.
public struct GCSSignedURL: Sendable, Equatable {
    /// The complete signed URL.
    public let url: URL
    /// The URL as text, exactly as signed (percent-encoding preserved).
    public let absoluteString: String
    /// The canonical request that was hashed (for debugging signature mismatches).
    public let canonicalRequest: String
    /// The `GOOG4-RSA-SHA256` string-to-sign that was signed.
    public let stringToSign: String
    /// The lower-case hex RSA-SHA256 signature (`X-Goog-Signature`).
    public let signature: String
    /// The headers (canonical lower-case names and values, `host` excluded) the client must send with the request.
    public let signedHeaders: [String: String]
    /// When the URL stops being valid (`timestamp + expiration`).
    public let expiresAt: Date
}
