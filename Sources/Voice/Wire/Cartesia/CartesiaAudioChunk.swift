public import Foundation

/// A `chunk` message of Cartesia's TTS WebSocket: audio for a context.
///
/// `{"type": "chunk", "context_id": "turn-42", "status_code": 206, "done": false, "data": "<base64>", "step_time": 41.2, "flush_id": 1}`
public struct CartesiaAudioChunk: Codable, Sendable, Equatable {
    /// The context the audio belongs to.
    public var contextId: String?
    /// HTTP-like status, 206 while streaming.
    public var statusCode: Int?
    /// Whether the context is complete.
    public var done: Bool
    /// The audio, decoded from the base64 `data` field, in the requested encoding.
    public var audio: Data
    /// Generation time of the chunk in milliseconds.
    public var stepTime: Double?
    /// The flush this audio belongs to, when flushes are used.
    public var flushId: Int?

    /// An audio chunk.
    public init(contextId: String?, statusCode: Int? = 206, done: Bool = false, audio: Data, stepTime: Double? = nil, flushId: Int? = nil) {
        self.contextId = contextId
        self.statusCode = statusCode
        self.done = done
        self.audio = audio
        self.stepTime = stepTime
        self.flushId = flushId
    }

    private enum CodingKeys: String, CodingKey {
        case contextId = "context_id"
        case statusCode = "status_code"
        case done
        case audio = "data"
        case stepTime = "step_time"
        case flushId = "flush_id"
    }

    /// Decodes a chunk; fails when `data` is not valid base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contextId = try container.decodeIfPresent(String.self, forKey: .contextId)
        statusCode = try container.decodeIfPresent(Int.self, forKey: .statusCode)
        done = try container.decodeIfPresent(Bool.self, forKey: .done) ?? false
        let base64 = try container.decode(String.self, forKey: .audio)
        guard let audio = Data(base64Encoded: base64) else {
            throw DecodingError.dataCorruptedError(forKey: .audio, in: container, debugDescription: "data is not base64")
        }
        self.audio = audio
        stepTime = try container.decodeIfPresent(Double.self, forKey: .stepTime)
        flushId = try container.decodeIfPresent(Int.self, forKey: .flushId)
    }

    /// Writes the chunk with its audio as base64 `data`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(contextId, forKey: .contextId)
        try container.encodeIfPresent(statusCode, forKey: .statusCode)
        try container.encode(done, forKey: .done)
        try container.encode(audio.base64EncodedString(), forKey: .audio)
        try container.encodeIfPresent(stepTime, forKey: .stepTime)
        try container.encodeIfPresent(flushId, forKey: .flushId)
    }
}
