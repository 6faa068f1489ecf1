extension TurnController {
    /// A piece of a reply to synthesize.
    ///
    /// Chunks of a reply may be synthesized concurrently; report each one's audio with
    /// ``Event/ttsAudio(_:chunk:_:)`` and its end with ``Event/ttsChunkFinished(_:chunk:)``.
    /// The controller sends the audio to the client in chunk order whatever the arrival order.
    public struct SpeechChunk: Sendable, Equatable {
        /// The reply it belongs to.
        public var reply: ReplyID
        /// Position in the reply, from 0.
        public var index: Int
        /// The text to speak (markdown and the closing marker already removed).
        public var text: String

        /// A chunk.
        public init(reply: ReplyID, index: Int, text: String) {
            self.reply = reply
            self.index = index
            self.text = text
        }
    }
}
