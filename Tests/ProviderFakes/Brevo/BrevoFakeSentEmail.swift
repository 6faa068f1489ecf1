extension BrevoFake {
    /// An e-mail the fake accepted.
    public struct SentEmail: Sendable {
        /// The `messageId` returned for it (with angle brackets).
        public let messageID: String
        /// The request body as received.
        public let body: JSONValue
    }
}
