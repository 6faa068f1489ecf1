/// What a Cartesia TTS socket reports to its owner.
public enum CartesiaConnectionEvent: Sendable {
    /// The socket is open.
    case opened
    /// A server message.
    case message(CartesiaServerMessage)
    /// The socket closed (`error` when it failed or was refused).
    case closed(error: String?)
}
