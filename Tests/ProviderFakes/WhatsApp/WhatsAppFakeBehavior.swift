extension WhatsAppFake {
    /// How the fake answers one request (after checking the path and the token).
    public indirect enum Behavior: Sendable {
        /// Validate the message and accept it with a fresh `wamid` (the default).
        case accept
        /// Answer with the full Graph error envelope.
        case graphError(status: Int, code: Int, subcode: Int?, type: String, message: String, details: String?)
        /// Answer HTTP 429 with Graph code 80007 and, when given, a `Retry-After` header.
        case rateLimited(retryAfter: String?)
        /// Wait, then behave as `then` (the client may time out meanwhile).
        case delay(Duration, then: Behavior)
        /// Close the connection without answering.
        case disconnect
        /// Send exactly this answer.
        case raw(FakeResponse)

        /// 400, code 131030: the recipient is not in the test number's allowed list.
        public static let recipientNotAllowed = Behavior.graphError(
            status: 400, code: 131030, subcode: 2_494_010, type: "OAuthException",
            message: "(#131030) Recipient phone number not in allowed list",
            details: "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again.")
        /// 404, code 132001: no such template name/language.
        public static let templateNotFound = Behavior.graphError(
            status: 404, code: 132001, subcode: nil, type: "OAuthException",
            message: "(#132001) Template name does not exist in the translation",
            details: "template name (booking_confirmation) does not exist in pt_BR")
        /// 400, code 131047: outside the 24-hour customer-service window.
        public static let reEngagementRequired = Behavior.graphError(
            status: 400, code: 131047, subcode: nil, type: "OAuthException",
            message: "(#131047) Re-engagement message",
            details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")
        /// 400, code 130429: the phone number's throughput was exceeded (sent with HTTP 400, not 429).
        public static let throughputExceeded = Behavior.graphError(
            status: 400, code: 130429, subcode: nil, type: "OAuthException",
            message: "(#130429) Rate limit hit",
            details: "Cloud API message throughput has been reached.")
        /// 503 from the Graph edge, code 2.
        public static let serviceUnavailable = Behavior.graphError(
            status: 503, code: 2, subcode: nil, type: "OAuthException",
            message: "An unexpected error has occurred. Please retry your request later.", details: nil)
    }
}
