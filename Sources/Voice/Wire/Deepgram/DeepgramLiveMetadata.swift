/// The `Metadata` summary Deepgram sends after `CloseStream`, just before closing the socket.
///
/// `{"type": "Metadata", "transaction_key": "deprecated", "request_id": "…", "sha256": "…",
/// "created": "2026-11-27T10:00:00.000Z", "duration": 12.5, "channels": 1}`
///
/// Only `request_id`, `duration` and `channels` are required when decoding.
public struct DeepgramLiveMetadata: Codable, Sendable, Equatable {
    /// Always `deprecated`.
    public var transactionKey: String?
    /// The session's request id.
    public var requestId: String
    /// Hash of the audio received.
    public var sha256: String?
    /// Creation time, ISO 8601 text.
    public var created: String?
    /// Seconds of audio received.
    public var duration: Double
    /// Number of channels.
    public var channels: Int

    /// A metadata summary.
    public init(
        transactionKey: String? = "deprecated", requestId: String, sha256: String? = nil, created: String? = nil,
        duration: Double, channels: Int
    ) {
        self.transactionKey = transactionKey
        self.requestId = requestId
        self.sha256 = sha256
        self.created = created
        self.duration = duration
        self.channels = channels
    }

    private enum CodingKeys: String, CodingKey {
        case transactionKey = "transaction_key"
        case requestId = "request_id"
        case sha256, created, duration, channels
    }
}
