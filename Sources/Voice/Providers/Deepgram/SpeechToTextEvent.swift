/// What the live transcription socket reports to its owner.
public enum SpeechToTextEvent: Sendable {
    /// The socket is open (audio time 0 starts with the first audio sent).
    case opened
    /// A server message.
    case message(DeepgramLiveServerMessage)
    /// The socket closed: `expected` after our `CloseStream`; `close` holds the server's close
    /// frame, `error` the connection failure.
    case closed(close: DeepgramLiveClose?, error: String?, expected: Bool)
}
