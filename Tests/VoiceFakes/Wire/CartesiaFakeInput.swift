import Foundation

/// A generation request as Cartesia's WebSocket documents it (providers.md §3.2), read by the fake
/// on its own: the production client's types are not used, so a codec bug in them cannot be
/// mirrored here.
public struct CartesiaFakeInput: Decodable, Sendable, Equatable {
    /// `voice`: `{"mode": "id", "id": "<uuid>"}`.
    public struct Voice: Decodable, Sendable, Equatable {
        /// `mode` (`id`).
        public var mode: String?
        /// The voice id.
        public var id: String
    }

    /// `output_format`.
    public struct OutputFormat: Decodable, Sendable, Equatable {
        /// `container`: `raw` on the WebSocket.
        public var container: String
        /// `encoding`, e.g. `pcm_s16le`.
        public var encoding: String
        /// `sample_rate` in Hz.
        public var sampleRate: Int

        enum CodingKeys: String, CodingKey {
            case container, encoding
            case sampleRate = "sample_rate"
        }
    }

    /// `context_id`.
    public var contextId: String
    /// `model_id`.
    public var modelId: String
    /// `transcript`.
    public var transcript: String
    /// `voice`.
    public var voice: Voice
    /// `output_format`.
    public var outputFormat: OutputFormat
    /// `continue` (default false): more input follows on this context.
    public var continues: Bool
    /// `flush`.
    public var flush: Bool?
    /// `language`.
    public var language: String?

    enum CodingKeys: String, CodingKey {
        case transcript, voice, flush, language
        case contextId = "context_id"
        case modelId = "model_id"
        case outputFormat = "output_format"
        case continues = "continue"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contextId = try container.decode(String.self, forKey: .contextId)
        modelId = try container.decode(String.self, forKey: .modelId)
        transcript = try container.decode(String.self, forKey: .transcript)
        voice = try container.decode(Voice.self, forKey: .voice)
        outputFormat = try container.decode(OutputFormat.self, forKey: .outputFormat)
        continues = try container.decodeIfPresent(Bool.self, forKey: .continues) ?? false
        flush = try container.decodeIfPresent(Bool.self, forKey: .flush)
        language = try container.decodeIfPresent(String.self, forKey: .language)
    }
}
