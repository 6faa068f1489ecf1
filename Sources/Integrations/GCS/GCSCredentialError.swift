/// Why a Google Cloud service-account key could not be loaded.
///
/// Every case names the problem (and the offending field where there is one) without ever
/// echoing key material, so the message is safe to log.
public enum GCSCredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key file is not a JSON object (syntax error, wrong top-level type, wrong field type).
    case malformedJSON(reason: String)
    /// A required field (`client_email`, `private_key`, `project_id`) is absent or empty.
    case missingField(String)
    /// The key file's `type` is present but is not `service_account`.
    case unsupportedType(String)
    /// The `private_key` value is not a usable PEM-encoded RSA private key.
    case invalidPrivateKey(reason: String)

    /// A one-line, human-readable explanation naming the problem.
    public var description: String {
        switch self {
        case .malformedJSON(let reason):
            return "GCS service-account key is not valid JSON: \(reason)"
        case .missingField(let field):
            return "GCS service-account key is missing required field '\(field)'"
        case .unsupportedType(let type):
            return "GCS service-account key has type '\(type)', expected 'service_account'"
        case .invalidPrivateKey(let reason):
            return "GCS service-account key field 'private_key' is not a valid PEM RSA private key: \(reason)"
        }
    }
}
