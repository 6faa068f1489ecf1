extension GCSFake {
    /// How the fake answers one token or storage request (after routing; storage requests also
    /// after the bearer token was checked).
    public indirect enum Behavior: Sendable {
        /// Handle the request normally (the default).
        case proceed
        /// Storage: answer with the JSON API error envelope, `{"error": {"code", "message", "errors": [{"reason"}]}}`.
        case storageError(status: Int, reason: String, message: String)
        /// Token endpoint: answer with an OAuth error, `{"error": error, "error_description": description}`.
        case oauthError(status: Int, error: String, description: String)
        /// Answer 429 `rateLimitExceeded` with, when given, a `Retry-After` header.
        case rateLimited(retryAfter: String?)
        /// Wait, then behave as `then` (the client may time out meanwhile).
        case delay(Duration, then: Behavior)
        /// Close the connection without answering.
        case disconnect
        /// Send exactly this answer.
        case raw(FakeResponse)

        /// Storage 503 `backendError`.
        public static let serviceUnavailable = Behavior.storageError(
            status: 503, reason: "backendError", message: "We encountered an internal error. Please try again.")
    }
}
