/// The JSON body of `POST /v1/speak`: `{"text": "…"}`.
public struct DeepgramSpeakRequest: Codable, Sendable, Equatable {
    /// The text to speak.
    public var text: String

    /// A request for `text`.
    public init(text: String) {
        self.text = text
    }
}
