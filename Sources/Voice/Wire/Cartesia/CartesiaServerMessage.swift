public import Foundation

/// A message from Cartesia's TTS WebSocket, discriminated by `type`.
///
/// Word and phoneme timestamps are not used by the voice pipeline: they decode as
/// ``ignored(type:contextId:)`` without their payload. Unknown types decode the same way.
public enum CartesiaServerMessage: Codable, Sendable, Equatable {
    /// `chunk`: audio.
    case chunk(CartesiaAudioChunk)
    /// `flush_done`: all audio of flush `flushId` was sent.
    case flushDone(contextId: String?, flushId: Int?)
    /// `done`: all audio of the context was sent (after its `continue: false` input).
    case done(contextId: String?)
    /// `error`: the context failed.
    case error(CartesiaErrorMessage)
    /// `timestamps`, `phoneme_timestamps` or an unknown type.
    case ignored(type: String, contextId: String?)

    /// The context the message concerns.
    public var contextId: String? {
        switch self {
        case .chunk(let chunk): chunk.contextId
        case .flushDone(let contextId, _), .done(let contextId), .ignored(_, let contextId): contextId
        case .error(let error): error.contextId
        }
    }

    /// The message in a text frame.
    public static func decode(text: String) throws -> CartesiaServerMessage {
        try WireJSON.decode(CartesiaServerMessage.self, text: text)
    }

    /// The message in the UTF-8 bytes of a text frame.
    public static func decode(_ data: Data) throws -> CartesiaServerMessage {
        try JSONDecoder().decode(CartesiaServerMessage.self, from: data)
    }

    private enum CodingKeys: String, CodingKey {
        case contextId = "context_id"
        case statusCode = "status_code"
        case done
        case flushDone = "flush_done"
        case flushId = "flush_id"
    }

    /// Reads `type`, then the fields of that message.
    public init(from decoder: any Decoder) throws {
        let type = try decoder.messageType()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let contextId = try container.decodeIfPresent(String.self, forKey: .contextId)
        switch type {
        case "chunk":
            self = .chunk(try CartesiaAudioChunk(from: decoder))
        case "flush_done":
            self = .flushDone(contextId: contextId, flushId: try container.decodeIfPresent(Int.self, forKey: .flushId))
        case "done":
            self = .done(contextId: contextId)
        case "error":
            self = .error(try CartesiaErrorMessage(from: decoder))
        default:
            self = .ignored(type: type, contextId: contextId)
        }
    }

    /// Writes the message as the server sends it (`ignored` messages without their payload).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .chunk(let chunk):
            try chunk.encode(to: encoder)
            try encoder.encodeMessageType("chunk")
        case .flushDone(let contextId, let flushId):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(contextId, forKey: .contextId)
            try container.encode(206, forKey: .statusCode)
            try container.encode(false, forKey: .done)
            try container.encode(true, forKey: .flushDone)
            try container.encodeIfPresent(flushId, forKey: .flushId)
            try encoder.encodeMessageType("flush_done")
        case .done(let contextId):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(contextId, forKey: .contextId)
            try container.encode(206, forKey: .statusCode)
            try container.encode(true, forKey: .done)
            try encoder.encodeMessageType("done")
        case .error(let error):
            try error.encode(to: encoder)
            try encoder.encodeMessageType("error")
        case .ignored(let type, let contextId):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(contextId, forKey: .contextId)
            try encoder.encodeMessageType(type)
        }
    }

    /// The message as the JSON text of a frame (sorted keys).
    public func jsonText() throws -> String {
        try WireJSON.text(of: self)
    }
}
