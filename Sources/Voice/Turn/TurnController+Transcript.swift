extension TurnController {
    /// A speech-to-text result, provider-neutral.
    public struct Transcript: Sendable, Equatable {
        /// The recognised text of this segment (may be empty for silence).
        public var text: String
        /// The segment is final and will not change (otherwise an interim guess).
        public var isFinal: Bool
        /// The utterance ended after this final segment (endpointing).
        public var speechFinal: Bool
        /// The segment was finalized on request (after ``Action/finalizeSTT``).
        public var fromFinalize: Bool
        /// Audio time of the end of the last recognised word, since the speech-to-text stream
        /// began (see ``Event/sttStreamStarted``); used to time the end of the candidate's speech.
        public var speechEnd: Duration?

        /// A transcript.
        public init(text: String, isFinal: Bool, speechFinal: Bool = false, fromFinalize: Bool = false, speechEnd: Duration? = nil) {
            self.text = text
            self.isFinal = isFinal
            self.speechFinal = speechFinal
            self.fromFinalize = fromFinalize
            self.speechEnd = speechEnd
        }

        /// The transcript of a Deepgram `Results` message.
        public init(_ results: DeepgramLiveResults) {
            self.init(
                text: results.transcript, isFinal: results.isFinal, speechFinal: results.speechFinal,
                fromFinalize: results.fromFinalize, speechEnd: results.lastWordEnd.map { Duration.seconds($0) })
        }
    }
}
