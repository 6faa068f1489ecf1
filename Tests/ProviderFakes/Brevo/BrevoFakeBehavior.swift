extension BrevoFake {
    /// How the fake answers one request (after checking the path and the API key).
    public indirect enum Behavior: Sendable {
        /// Validate the e-mail and accept it with 201 `{"messageId": "<…>"}` (the default).
        case accept
        /// Answer with Brevo's error body, `{"code": code, "message": message}`.
        case error(status: Int, code: String, message: String)
        /// Answer 429 with `x-sib-ratelimit-limit/remaining/reset` (reset in seconds) and, when
        /// given, a `Retry-After` header (which Brevo does not document but proxies may add).
        case rateLimited(resetSeconds: Int, retryAfter: String?)
        /// Wait, then behave as `then` (the client may time out meanwhile).
        case delay(Duration, then: Behavior)
        /// Close the connection without answering.
        case disconnect
        /// Send exactly this answer.
        case raw(FakeResponse)

        /// 402 `not_enough_credits`.
        public static let notEnoughCredits = Behavior.error(
            status: 402, code: "not_enough_credits", message: "You don't have enough credits to send this email")
        /// 403 `permission_denied` (for example an unauthorised source IP).
        public static let permissionDenied = Behavior.error(
            status: 403, code: "permission_denied", message: "Unable to send email. Your SMTP account is not yet activated.")
        /// 503 from Brevo's edge.
        public static let serviceUnavailable = Behavior.error(
            status: 503, code: "service_unavailable", message: "Service temporarily unavailable")
    }
}
