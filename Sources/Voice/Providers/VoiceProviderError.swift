/// A failure of a speech provider (Deepgram or Cartesia), safe to log: no credentials.
public struct VoiceProviderError: Error, Sendable, CustomStringConvertible {
    /// The provider (`deepgram`, `cartesia`).
    public var provider: String
    /// HTTP status or WebSocket close code, when there was one.
    public var status: Int?
    /// What went wrong.
    public var message: String

    /// An error of `provider`.
    public init(provider: String, status: Int? = nil, message: String) {
        self.provider = provider
        self.status = status
        self.message = message
    }

    /// `deepgram (401): Invalid credentials.`
    public var description: String {
        status.map { "\(provider) (\($0)): \(message)" } ?? "\(provider): \(message)"
    }
}
