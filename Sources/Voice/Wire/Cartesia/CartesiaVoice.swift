/// The voice of a Cartesia generation: `{"mode": "id", "id": "<uuid>"}`.
public struct CartesiaVoice: Codable, Sendable, Equatable {
    /// Always `id` (voices chosen by identifier).
    public var mode: String
    /// The voice's identifier.
    public var id: String

    /// The voice with identifier `id`.
    public init(id: String) {
        self.mode = "id"
        self.id = id
    }
}
