/// A `Results` message of Deepgram's live transcription socket: the transcript of the audio
/// window `[start, start + duration)`, interim (`is_final: false`) or final.
///
/// ```json
/// {"type": "Results", "channel_index": [0, 1], "duration": 1.02, "start": 3.10,
///  "is_final": true, "speech_final": true, "from_finalize": false,
///  "channel": {"alternatives": [{"transcript": "book a table for two", "confidence": 0.97,
///    "words": [{"word": "book", "start": 3.12, "end": 3.30, "confidence": 0.99, "punctuated_word": "Book"}]}]},
///  "metadata": {"request_id": "…", "model_uuid": "…", "model_info": {"name": "general-nova-3", "version": "…", "arch": "nova-3"}}}
/// ```
///
/// Decoding is lenient where the protocol allows absence: missing flags read as `false`, missing
/// `words` as empty, missing `channel_index` as empty, missing `metadata` as `nil`.
public struct DeepgramLiveResults: Codable, Sendable, Equatable {
    /// `[this channel, number of channels]`.
    public var channelIndex: [Int]
    /// Length of the audio window, in seconds.
    public var duration: Double
    /// Start of the audio window, in seconds since the stream began.
    public var start: Double
    /// The window's transcript is final and will not change.
    public var isFinal: Bool
    /// Endpointing detected a pause after this final segment: the utterance is over.
    public var speechFinal: Bool
    /// The result was produced by a client `Finalize` message.
    public var fromFinalize: Bool
    /// The recognised alternatives.
    public var channel: Channel
    /// Request and model identifiers.
    public var metadata: Metadata?

    /// The best transcript (`channel.alternatives[0].transcript`), empty when there is none.
    public var transcript: String {
        channel.alternatives.first?.transcript ?? ""
    }

    /// End of the last recognised word of the best alternative, in seconds since the stream
    /// began; `nil` when the result has no words.
    public var lastWordEnd: Double? {
        channel.alternatives.first?.words.last?.end
    }

    /// The alternatives of one channel.
    public struct Channel: Codable, Sendable, Equatable {
        /// Alternatives, best first.
        public var alternatives: [Alternative]

        /// A channel with these alternatives.
        public init(alternatives: [Alternative]) {
            self.alternatives = alternatives
        }
    }

    /// One recognition hypothesis.
    public struct Alternative: Codable, Sendable, Equatable {
        /// The text (possibly empty for silence).
        public var transcript: String
        /// Confidence in `0...1`.
        public var confidence: Double?
        /// The words with their timings (empty when the server sent none).
        public var words: [Word]

        /// An alternative.
        public init(transcript: String, confidence: Double? = nil, words: [Word] = []) {
            self.transcript = transcript
            self.confidence = confidence
            self.words = words
        }

        private enum CodingKeys: String, CodingKey {
            case transcript, confidence, words
        }

        /// Decodes an alternative; `words` may be absent.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            transcript = try container.decode(String.self, forKey: .transcript)
            confidence = try container.decodeIfPresent(Double.self, forKey: .confidence)
            words = try container.decodeIfPresent([Word].self, forKey: .words) ?? []
        }
    }

    /// A recognised word.
    public struct Word: Codable, Sendable, Equatable {
        /// The word as recognised (lower case).
        public var word: String
        /// Start, in seconds since the stream began.
        public var start: Double
        /// End, in seconds since the stream began.
        public var end: Double
        /// Confidence in `0...1`.
        public var confidence: Double?
        /// The word with punctuation and capitalisation, when punctuation is on.
        public var punctuatedWord: String?

        /// A word.
        public init(word: String, start: Double, end: Double, confidence: Double? = nil, punctuatedWord: String? = nil) {
            self.word = word
            self.start = start
            self.end = end
            self.confidence = confidence
            self.punctuatedWord = punctuatedWord
        }

        private enum CodingKeys: String, CodingKey {
            case word, start, end, confidence
            case punctuatedWord = "punctuated_word"
        }
    }

    /// Identifiers of the request and model that produced a result.
    public struct Metadata: Codable, Sendable, Equatable {
        /// The session's request id.
        public var requestId: String?
        /// The model's UUID.
        public var modelUUID: String?
        /// Name, version and architecture of the model.
        public var modelInfo: ModelInfo?

        /// Metadata.
        public init(requestId: String? = nil, modelUUID: String? = nil, modelInfo: ModelInfo? = nil) {
            self.requestId = requestId
            self.modelUUID = modelUUID
            self.modelInfo = modelInfo
        }

        private enum CodingKeys: String, CodingKey {
            case requestId = "request_id"
            case modelUUID = "model_uuid"
            case modelInfo = "model_info"
        }
    }

    /// Name, version and architecture of a model.
    public struct ModelInfo: Codable, Sendable, Equatable {
        /// e.g. `general-nova-3`.
        public var name: String?
        /// The model version.
        public var version: String?
        /// e.g. `nova-3`.
        public var arch: String?

        /// Model information.
        public init(name: String? = nil, version: String? = nil, arch: String? = nil) {
            self.name = name
            self.version = version
            self.arch = arch
        }
    }

    /// A results message.
    public init(
        channelIndex: [Int] = [0, 1], duration: Double, start: Double, isFinal: Bool, speechFinal: Bool = false,
        fromFinalize: Bool = false, channel: Channel, metadata: Metadata? = nil
    ) {
        self.channelIndex = channelIndex
        self.duration = duration
        self.start = start
        self.isFinal = isFinal
        self.speechFinal = speechFinal
        self.fromFinalize = fromFinalize
        self.channel = channel
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case channelIndex = "channel_index"
        case duration, start
        case isFinal = "is_final"
        case speechFinal = "speech_final"
        case fromFinalize = "from_finalize"
        case channel, metadata
    }

    /// Decodes the fields of a `Results` message (the `type` field is read by
    /// ``DeepgramLiveServerMessage``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        channelIndex = try container.decodeIfPresent([Int].self, forKey: .channelIndex) ?? []
        duration = try container.decode(Double.self, forKey: .duration)
        start = try container.decode(Double.self, forKey: .start)
        isFinal = try container.decodeIfPresent(Bool.self, forKey: .isFinal) ?? false
        speechFinal = try container.decodeIfPresent(Bool.self, forKey: .speechFinal) ?? false
        fromFinalize = try container.decodeIfPresent(Bool.self, forKey: .fromFinalize) ?? false
        channel = try container.decode(Channel.self, forKey: .channel)
        metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata)
    }
}
