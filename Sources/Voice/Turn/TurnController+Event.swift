public import Foundation

extension TurnController {
    /// Something that happened, reported by the caller with the instant it happened.
    public enum Event: Sendable, Equatable {
        // MARK: Session

        /// The session began; the opening line (if any) is spoken first.
        case started(openingLine: String?)
        /// The speech-to-text stream (re)started: audio time 0 is now.
        case sttStreamStarted
        /// The client's connection closed.
        case clientDisconnected
        /// The candidate chose to end the interview.
        case candidateEndedInterview

        // MARK: Speech to text

        /// Voice activity began (Deepgram `SpeechStarted`); not proof of speech.
        case speechStarted
        /// An interim or final transcript (Deepgram `Results`).
        case transcript(Transcript)
        /// No word for a while after the last final (Deepgram `UtteranceEnd`); `lastWordEnd` is
        /// the audio time of the last word when known.
        case utteranceEnd(lastWordEnd: Duration?)
        /// The client detected the end of the candidate's speech (or push-to-talk release).
        case clientEndOfSpeech
        /// The speech-to-text stream failed and its immediate reconnection failed too (the
        /// caller goes on reconnecting with back-off): report it and apologise aloud.
        case sttFailed(reason: String)

        // MARK: Model

        /// The model request of a reply was sent (refines the LLM latency metric).
        case llmRequestSent(ReplyID)
        /// Text streamed by the model.
        case llmDelta(ReplyID, String)
        /// The model stream ended normally.
        case llmFinished(ReplyID)
        /// The model request or stream failed.
        case llmFailed(ReplyID, reason: String)
        /// The reply was recognised as the interviewer's goodbye by other means than the
        /// closing marker (e.g. a tool call): the interview ends once it has been spoken.
        case assistantClosingDetected(ReplyID)

        // MARK: Text to speech

        /// The synthesis request of a chunk was sent (refines the TTS latency metric).
        case ttsRequestSent(ReplyID, chunk: Int)
        /// Audio of a chunk (raw PCM in the client's format).
        case ttsAudio(ReplyID, chunk: Int, Data)
        /// All audio of a chunk was delivered.
        case ttsChunkFinished(ReplyID, chunk: Int)
        /// Synthesis of a chunk failed.
        case ttsFailed(ReplyID, chunk: Int, reason: String)

        // MARK: Client and timers

        /// The client finished playing all interviewer audio it received (optional: playback
        /// end is otherwise estimated from the audio length).
        case playbackFinished
        /// Little time is left in the interview.
        case timeWarningDue(remaining: Duration)
        /// The interview's time is up.
        case timeLimitReached
        /// A wake-up requested with ``Action/scheduleWakeUp(at:)`` is due.
        case wakeUp
    }
}
