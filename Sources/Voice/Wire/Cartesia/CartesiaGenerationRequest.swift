/// A generation input on Cartesia's TTS WebSocket (`wss://api.cartesia.ai/tts/websocket`).
///
/// ```json
/// {"model_id": "sonic-2", "transcript": "Hello, your order has shipped. ",
///  "voice": {"mode": "id", "id": "a0e99841-438c-4a64-b679-ae501e7d6091"}, "language": "en",
///  "context_id": "turn-42", "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 24000},
///  "continue": true}
/// ```
///
/// One reply is one context: send each chunk with `continue: true` (transcripts of a context are
/// concatenated verbatim, so end each chunk with a space), then a last input with
/// `continue: false` (its transcript may be empty). All fields but `transcript` and `continue`
/// must stay the same on a context. With `flush: true` (and `continue: true`, empty transcript)
/// the server synthesizes what it has and numbers the audio with a new `flush_id`, which maps
/// audio back to the chunk it speaks.
public struct CartesiaGenerationRequest: Codable, Sendable, Equatable {
    /// `model_id`, e.g. `sonic-2`.
    public var modelId: String
    /// The text of this input.
    public var transcript: String
    /// The voice.
    public var voice: CartesiaVoice
    /// `language`, e.g. `en`.
    public var language: String?
    /// `context_id`: the reply this input belongs to.
    public var contextId: String
    /// `output_format`.
    public var outputFormat: CartesiaOutputFormat
    /// `continue`: more input follows on this context.
    public var continues: Bool
    /// `flush`: synthesize the buffered input now.
    public var flush: Bool?
    /// `add_timestamps`: also send word timestamps.
    public var addTimestamps: Bool?
    /// `max_buffer_delay_ms`: how long the server may wait for more text before speaking.
    public var maxBufferDelayMilliseconds: Int?

    /// A generation input.
    public init(
        modelId: String = "sonic-2", transcript: String, voice: CartesiaVoice, language: String? = "en",
        contextId: String, outputFormat: CartesiaOutputFormat = .pcm16Mono24kHz, continues: Bool,
        flush: Bool? = nil, addTimestamps: Bool? = nil, maxBufferDelayMilliseconds: Int? = nil
    ) {
        self.modelId = modelId
        self.transcript = transcript
        self.voice = voice
        self.language = language
        self.contextId = contextId
        self.outputFormat = outputFormat
        self.continues = continues
        self.flush = flush
        self.addTimestamps = addTimestamps
        self.maxBufferDelayMilliseconds = maxBufferDelayMilliseconds
    }

    private enum CodingKeys: String, CodingKey {
        case modelId = "model_id"
        case transcript, voice, language
        case contextId = "context_id"
        case outputFormat = "output_format"
        case continues = "continue"
        case flush
        case addTimestamps = "add_timestamps"
        case maxBufferDelayMilliseconds = "max_buffer_delay_ms"
    }

    /// Decodes an input; `continue` defaults to `false` as on the server.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        modelId = try container.decode(String.self, forKey: .modelId)
        transcript = try container.decode(String.self, forKey: .transcript)
        voice = try container.decode(CartesiaVoice.self, forKey: .voice)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        contextId = try container.decode(String.self, forKey: .contextId)
        outputFormat = try container.decode(CartesiaOutputFormat.self, forKey: .outputFormat)
        continues = try container.decodeIfPresent(Bool.self, forKey: .continues) ?? false
        flush = try container.decodeIfPresent(Bool.self, forKey: .flush)
        addTimestamps = try container.decodeIfPresent(Bool.self, forKey: .addTimestamps)
        maxBufferDelayMilliseconds = try container.decodeIfPresent(Int.self, forKey: .maxBufferDelayMilliseconds)
    }

    /// The input as the JSON text of a frame (sorted keys).
    public func jsonText() throws -> String {
        try WireJSON.text(of: self)
    }
}
