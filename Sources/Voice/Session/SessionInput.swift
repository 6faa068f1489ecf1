import NIOCore

/// Everything a ``VoiceSession`` reacts to, delivered in order on one stream.
enum SessionInput: Sendable {
    /// A text frame from the candidate.
    case clientText(String)
    /// A binary (audio) frame from the candidate.
    case clientAudio(ByteBuffer)
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
