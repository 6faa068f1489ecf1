/// Cancels a context on Cartesia's TTS WebSocket (barge-in): `{"context_id": "turn-42", "cancel": true}`.
/// It halts generation that has not started; audio already generated may still arrive and must be
/// dropped by the caller.
public struct CartesiaCancelRequest: Codable, Sendable, Equatable {
    /// The context to cancel.
    public var contextId: String
    /// Always `true`.
    public var cancel: Bool

    /// A cancellation of `contextId`.
    public init(contextId: String) {
        self.contextId = contextId
        self.cancel = true
    }

    private enum CodingKeys: String, CodingKey {
        case contextId = "context_id"
        case cancel
    }

    /// The request as the JSON text of a frame (sorted keys).
    public func jsonText() throws -> String {
        try WireJSON.text(of: self)
    }
}
