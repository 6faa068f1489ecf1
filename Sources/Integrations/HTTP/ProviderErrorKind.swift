extension ProviderError {
    /// The retry classification of a ``ProviderError``.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// The provider throttled the caller (HTTP 429, or a provider-specific throttling code).
        /// `retryAfter` is the wait the provider asked for (`Retry-After` seconds or HTTP-date,
        /// `retry-after-ms`, Groq's `x-ratelimit-reset-*`, Brevo's `x-sib-ratelimit-reset`), if any.
        case rateLimited(retryAfter: Duration?)
        /// A failure that may clear by itself: HTTP 5xx, 408, network errors, time-outs, a broken stream.
        case transient
        /// The request itself is wrong or not allowed (other 4xx); retrying unchanged cannot succeed.
        case permanent
        /// The model's output failed the provider's JSON validation in JSON mode (Groq's 400
        /// `json_validate_failed`). Retryable: the next generation may well be valid.
        /// `failedGeneration` is the rejected model output when the provider returned it.
        case jsonValidationFailed(failedGeneration: String?)

        /// A short name for the classification; never includes the failed generation.
        public var description: String {
            switch self {
            case .rateLimited(let retryAfter?): "rate limited (retry after \(retryAfter))"
            case .rateLimited(nil): "rate limited"
            case .transient: "transient error"
            case .permanent: "permanent error"
            case .jsonValidationFailed: "JSON validation failed"
            }
        }
    }
}
