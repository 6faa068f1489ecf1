public import Foundation

/// A JSON text frame from Deepgram's live transcription socket (`wss://api.deepgram.com/v1/listen`),
/// discriminated by its `type` field.
///
/// Unknown types decode as ``unknown(type:)`` so a new server message never breaks a session.
public enum DeepgramLiveServerMessage: Codable, Sendable, Equatable {
    /// `Results`: an interim or final transcript.
    case results(DeepgramLiveResults)
    /// `UtteranceEnd`: the backup end-of-utterance signal.
    case utteranceEnd(DeepgramUtteranceEnd)
    /// `SpeechStarted`: voice activity began.
    case speechStarted(DeepgramSpeechStarted)
    /// `Metadata`: the summary sent after `CloseStream`.
    case metadata(DeepgramLiveMetadata)
    /// `Error`: an error text frame (errors normally arrive as close frames).
    case error(DeepgramLiveErrorMessage)
    /// Any other `type`.
    case unknown(type: String)

    /// The message in a text frame.
    public static func decode(text: String) throws -> DeepgramLiveServerMessage {
        try WireJSON.decode(DeepgramLiveServerMessage.self, text: text)
    }

    /// The message in the UTF-8 bytes of a text frame.
    public static func decode(_ data: Data) throws -> DeepgramLiveServerMessage {
        try JSONDecoder().decode(DeepgramLiveServerMessage.self, from: data)
    }

    /// Reads `type`, then the fields of that message.
    public init(from decoder: any Decoder) throws {
        switch try decoder.messageType() {
        case "Results": self = .results(try DeepgramLiveResults(from: decoder))
        case "UtteranceEnd": self = .utteranceEnd(try DeepgramUtteranceEnd(from: decoder))
        case "SpeechStarted": self = .speechStarted(try DeepgramSpeechStarted(from: decoder))
        case "Metadata": self = .metadata(try DeepgramLiveMetadata(from: decoder))
        case "Error": self = .error(try DeepgramLiveErrorMessage(from: decoder))
        case let other: self = .unknown(type: other)
        }
    }

    /// Writes the message's fields and its `type` (as a fake server sends it).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .results(let message):
            try message.encode(to: encoder)
            try encoder.encodeMessageType("Results")
        case .utteranceEnd(let message):
            try message.encode(to: encoder)
            try encoder.encodeMessageType("UtteranceEnd")
        case .speechStarted(let message):
            try message.encode(to: encoder)
            try encoder.encodeMessageType("SpeechStarted")
        case .metadata(let message):
            try message.encode(to: encoder)
            try encoder.encodeMessageType("Metadata")
        case .error(let message):
            try message.encode(to: encoder)
            try encoder.encodeMessageType("Error")
        case .unknown(let type):
            try encoder.encodeMessageType(type)
        }
    }

    /// The message as the JSON text of a frame (sorted keys).
    public func jsonText() throws -> String {
        try WireJSON.text(of: self)
    }
}
