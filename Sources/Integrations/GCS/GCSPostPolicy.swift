public import Foundation

/// A V4 signed POST policy: an HTML-form upload target plus the form fields that authorise it.
///
/// Produced by ``GCSURLSigner/postPolicy(bucket:object:expiration:timestamp:fields:conditions:scheme:urlStyle:host:)``.
/// The browser POSTs `multipart/form-data` to ``url`` with every entry of ``fields`` as a form
/// field, followed by the `file` field last.
public struct GCSPostPolicy: Sendable, Equatable {
    /// An extra rule the upload must satisfy, added to the policy's `conditions`.
    public enum Condition: Sendable, Hashable {
        /// The form field (`$`-prefixed, e.g. `$acl`, `$Content-Type`) must start with `prefix`
        /// (`["starts-with", field, prefix]`).
        case startsWith(field: String, prefix: String)
        /// The uploaded body must be between `min` and `max` bytes inclusive
        /// (`["content-length-range", min, max]`).
        case contentLengthRange(min: Int, max: Int)
        /// The form field (`$`-prefixed) must equal `value` exactly (`["eq", field, value]`).
        case exactMatch(field: String, value: String)
    }

    /// Where the form is POSTed (`https://storage.googleapis.com/<bucket>/` for path style).
    public let url: URL
    /// Every form field to send: `key`, `policy`, `x-goog-algorithm`, `x-goog-credential`,
    /// `x-goog-date`, `x-goog-signature` and the caller's extra fields.
    public let fields: [String: String]
    /// The policy JSON document before base64 encoding (for debugging).
    public let policyDocument: String
    /// When the policy stops being accepted (`timestamp + expiration`).
    public let expiresAt: Date
}
