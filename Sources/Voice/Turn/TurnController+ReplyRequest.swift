import Conversation
extension TurnController {
    /// What the caller must ask the model for: an answer to the candidate.
    ///
    /// Send the stored conversation history (the ``Action/persist(_:)`` turns so far) plus
    /// `userText` as the last user message; report the stream with the `llm…` events carrying
    /// `id`.
    public struct ReplyRequest: Sendable, Equatable {
        /// The reply to produce.
        public var id: ReplyID
        /// The candidate's utterance to answer (it is persisted when the answer starts playing).
        public var userText: String
        /// The time warning was given: add a system note asking the model to wrap up (see
        /// ``InterviewPrompt/wrapUpInstruction(remainingMinutes:)``).
        public var wrapUp: Bool

        /// A request.
        public init(id: ReplyID, userText: String, wrapUp: Bool) {
            self.id = id
            self.userText = userText
            self.wrapUp = wrapUp
        }
    }
}
