extension GroqFake {
    /// How the fake answers one request (after checking the path and the API key).
    public indirect enum Behavior: Sendable {
        /// Answer successfully with this content (verbatim, so malformed JSON can be scripted for JSON
        /// mode). A streaming request gets it split into word-sized chunks.
        case reply(String)
        /// Answer successfully; a streaming request gets exactly these steps, a non-streaming one
        /// the concatenated content.
        case stream([StreamStep])
        /// Answer with a Groq error body, `{"error": {"message", "type", "code"}}`.
        case error(status: Int, type: String, code: String?, message: String)
        /// Answer 429 `rate_limit_exceeded` (tokens per minute exhausted), with `retry-after` when
        /// given and `x-ratelimit-reset-tokens` set to `resetTokens`.
        case rateLimited(retryAfter: String?, resetTokens: String)
        /// Answer 400 `json_validate_failed` with the model's rejected output in `failed_generation`.
        case jsonValidateFailed(failedGeneration: String)
        /// Wait, then behave as `then` (the client may time out meanwhile).
        case delay(Duration, then: Behavior)
        /// Close the connection without answering.
        case disconnect
        /// Send exactly this answer.
        case raw(FakeResponse)

        /// 503 as Groq sends it when overloaded.
        public static let serviceUnavailable = Behavior.error(
            status: 503, type: "internal_server_error", code: "service_unavailable",
            message: "Service Unavailable")

        /// 400 `invalid_request_error` with `message`.
        public static func badRequest(_ message: String) -> Behavior {
            .error(status: 400, type: "invalid_request_error", code: nil, message: message)
        }
    }
}
