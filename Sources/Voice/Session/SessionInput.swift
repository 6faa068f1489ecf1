import NIOCore

/// Everything a ``VoiceSession`` reacts to, delivered in order on one stream.
enum SessionInput: Sendable {
    /// A text frame from the candidate.
    case clientText(String)
    /// A binary frame of streamed audio from the candidate.
    case clientAudio(ByteBuffer)
    /// A recorded clip from the candidate (clip mode).
    case clientClip(ByteBuffer, ClipContainer)
    /// A client message refused without ending the session: report it and go on.
    case clientRefused(VoiceClientEvent.ErrorCode, String)
    /// The transcription of the oldest clip in flight.
    case clipTranscribed(Result<DeepgramPrerecordedResponse, VoiceProviderError>)
    /// A frame that breaks the protocol: report it and close with `code`.
    case clientViolation(VoiceCloseCode, VoiceClientEvent.ErrorCode, String)
    /// The candidate's socket closed.
    case clientClosed
    /// A speech-to-text event of socket number `generation`.
    case stt(generation: Int, SpeechToTextEvent)
    /// An event for the turn controller (model, text-to-speech, timers).
    case controller(TurnController.Event)
    /// A speech-to-text reconnection attempt is due.
    case reconnectSTT
}
