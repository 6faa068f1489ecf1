/// Why a V4 signed URL or POST policy could not be produced.
public enum GCSSigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expiration is not within `1...604800` seconds (7 days, the V4 maximum).
    case invalidExpiration(seconds: Int)
    /// An input (method, bucket, header, host, …) is unusable; the reason names it.
    case invalidRequest(reason: String)
    /// The RSA signing operation itself failed.
    case signingFailed(reason: String)

    /// A one-line, human-readable explanation naming the problem.
    public var description: String {
        switch self {
        case .invalidExpiration(let seconds):
            return "GCS V4 signature expiration must be between 1 and \(GCSURLSigner.maximumExpiration) seconds (7 days); got \(seconds)"
        case .invalidRequest(let reason):
            return "GCS V4 signing request is invalid: \(reason)"
        case .signingFailed(let reason):
            return "GCS V4 signing failed: \(reason)"
        }
    }
}
