/// One `/v1/speak` request the Deepgram fake received.
public struct DeepgramFakeSpeakRecord: Sendable, Equatable {
    /// The `text` of the body.
    public var text: String
    /// The query string.
    public var query: String
}
