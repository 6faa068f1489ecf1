/// A `SpeechStarted` message (sent with `vad_events=true`): voice activity began. It may be
/// noise; only transcripts with words prove speech.
///
/// `{"type": "SpeechStarted", "channel": [0, 1], "timestamp": 2.96}`
public struct DeepgramSpeechStarted: Codable, Sendable, Equatable {
    /// `[this channel, number of channels]`.
    public var channel: [Int]
    /// When speech started, in seconds since the stream began.
    public var timestamp: Double

    /// A speech-started message.
    public init(channel: [Int] = [0, 1], timestamp: Double) {
        self.channel = channel
        self.timestamp = timestamp
    }
}
