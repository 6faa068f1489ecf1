import Conversation
extension TurnController {
    /// Settings of a ``TurnController``.
    public struct Configuration: Sendable, Equatable {
        /// When candidate speech interrupts the interviewer.
        public var bargeIn: BargeInThreshold
        /// How replies are cut into speakable chunks.
        public var chunking: SentenceChunker.Configuration
        /// The marker with which the model closes the interview (removed before speech); `nil`
        /// disables detection in the text (``Event/assistantClosingDetected(_:)`` still works).
        public var closingMarker: String?
        /// Spoken after a model or text-to-speech failure; empty to stay silent.
        public var apologyLine: String
        /// Spoken when speech-to-text stays down after its reconnection (the interviewer cannot
        /// hear the candidate); empty to stay silent.
        public var hearingApologyLine: String
        /// Spoken when the time limit is reached, before ending; empty to end at once.
        public var timeUpClosingLine: String
        /// Bytes per second of the audio sent to the client (24 kHz 16-bit mono PCM: 48 000),
        /// used to estimate when the client finishes playing it.
        public var audioBytesPerSecond: Int
        /// Added to the estimated end of playback before the interviewer's turn is over (network
        /// and client buffering).
        public var playbackGrace: Duration
        /// Longest time a closing reply may take before the session ends anyway.
        public var closingTimeout: Duration

        /// The default ``hearingApologyLine``.
        public static let defaultHearingApologyLine =
            "I'm sorry, I can't hear you at the moment because of a technical problem on my side. Please bear with me while I reconnect."

        /// Settings; the defaults match ``InterviewPrompt`` and 24 kHz PCM output.
        public init(
            bargeIn: BargeInThreshold = BargeInThreshold(),
            chunking: SentenceChunker.Configuration = SentenceChunker.Configuration(),
            closingMarker: String? = InterviewPrompt.closingMarker,
            apologyLine: String = InterviewPrompt.apologyLine,
            hearingApologyLine: String = Configuration.defaultHearingApologyLine,
            timeUpClosingLine: String = InterviewPrompt.timeUpClosingLine,
            audioBytesPerSecond: Int = 48_000,
            playbackGrace: Duration = .milliseconds(300),
            closingTimeout: Duration = .seconds(30)
        ) {
            self.bargeIn = bargeIn
            self.chunking = chunking
            self.closingMarker = closingMarker
            self.apologyLine = apologyLine
            self.hearingApologyLine = hearingApologyLine
            self.timeUpClosingLine = timeUpClosingLine
            self.audioBytesPerSecond = max(1, audioBytesPerSecond)
            self.playbackGrace = playbackGrace
            self.closingTimeout = closingTimeout
        }
    }
}
