/// An `UtteranceEnd` message: a gap of at least `utterance_end_ms` followed the last finalized
/// word. The backup end-of-turn signal when `speech_final` never comes (noisy audio).
///
/// `{"type": "UtteranceEnd", "channel": [0, 1], "last_word_end": 4.12}`
public struct DeepgramUtteranceEnd: Codable, Sendable, Equatable {
    /// `[this channel, number of channels]`.
    public var channel: [Int]
    /// End of the last word, in seconds since the stream began.
    public var lastWordEnd: Double

    /// An utterance end.
    public init(channel: [Int] = [0, 1], lastWordEnd: Double) {
        self.channel = channel
        self.lastWordEnd = lastWordEnd
    }

    private enum CodingKeys: String, CodingKey {
        case channel
        case lastWordEnd = "last_word_end"
    }
}
