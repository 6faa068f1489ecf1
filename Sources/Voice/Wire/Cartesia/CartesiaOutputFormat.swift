/// The audio format of a Cartesia WebSocket generation. On the WebSocket the container must be
/// `raw`; ``pcm16Mono24kHz`` (`{"container": "raw", "encoding": "pcm_s16le", "sample_rate": 24000}`)
/// matches the Deepgram Aura output so both providers feed the candidate the same audio.
public struct CartesiaOutputFormat: Codable, Sendable, Equatable {
    /// `raw`.
    public var container: String
    /// `pcm_s16le`, `pcm_f32le`, `pcm_mulaw` or `pcm_alaw`.
    public var encoding: String
    /// 8000, 16000, 22050, 24000, 44100 or 48000.
    public var sampleRate: Int

    /// Raw 16-bit little-endian PCM at 24 kHz.
    public static let pcm16Mono24kHz = CartesiaOutputFormat(encoding: "pcm_s16le", sampleRate: 24_000)

    /// A raw format.
    public init(encoding: String, sampleRate: Int) {
        self.container = "raw"
        self.encoding = encoding
        self.sampleRate = sampleRate
    }

    private enum CodingKeys: String, CodingKey {
        case container, encoding
        case sampleRate = "sample_rate"
    }
}
