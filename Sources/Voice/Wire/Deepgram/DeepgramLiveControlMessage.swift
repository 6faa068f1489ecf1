/// A control message the client sends on the live transcription socket, always as a **text**
/// frame (audio goes in binary frames; never send an empty binary frame).
public enum DeepgramLiveControlMessage: String, Codable, Sendable, CaseIterable {
    /// `{"type": "KeepAlive"}`: send every 3–5 s while no audio flows, or the server closes the
    /// socket after about 10 s (`NET-0001`). It gets no reply.
    case keepAlive = "KeepAlive"
    /// `{"type": "Finalize"}`: transcribe the buffered audio now; the results carry
    /// `"from_finalize": true`.
    case finalize = "Finalize"
    /// `{"type": "CloseStream"}`: finish the remaining audio, send the last results and a
    /// `Metadata` summary, then close normally (1000).
    case closeStream = "CloseStream"

    /// The JSON text of the frame, e.g. `{"type":"KeepAlive"}`.
    public var jsonText: String {
        #"{"type":"\#(rawValue)"}"#
    }

    /// Reads `{"type": …}`.
    public init(from decoder: any Decoder) throws {
        let type = try decoder.messageType()
        guard let message = DeepgramLiveControlMessage(rawValue: type) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown control message type \(type)"))
        }
        self = message
    }

    /// Writes `{"type": …}`.
    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeMessageType(rawValue)
    }
}
