/// A message delivered to a subscriber.
public struct RedisMessage: Sendable, Equatable {
    /// The channel the message was published to.
    public var channel: String
    /// The published payload.
    public var payload: String

    /// Creates a message for `channel` carrying `payload`.
    public init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}
