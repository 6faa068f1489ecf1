/// How slow the Deepgram fake is (defaults: as fast as possible).
public struct DeepgramFakeLatency: Sendable {
    /// Extra processing time before a final result is sent (after endpointing or `Finalize`).
    public var sttFinal: Duration
    /// Time from a `/v1/speak` request to its first audio byte.
    public var ttsFirstByte: Duration
    /// Pause between the 100 ms audio pieces of a `/v1/speak` answer.
    public var ttsChunkInterval: Duration

    /// Latencies; all zero by default.
    public init(sttFinal: Duration = .zero, ttsFirstByte: Duration = .zero, ttsChunkInterval: Duration = .zero) {
        self.sttFinal = sttFinal
        self.ttsFirstByte = ttsFirstByte
        self.ttsChunkInterval = ttsChunkInterval
    }

    /// Published figures: final transcript ~150 ms after the end of speech (with 100 ms
    /// endpointing), Aura first byte ~200 ms, audio generated faster than real time.
    public static let published = DeepgramFakeLatency(sttFinal: .milliseconds(50), ttsFirstByte: .milliseconds(200), ttsChunkInterval: .milliseconds(20))
}
