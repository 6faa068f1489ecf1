/// What happened to one streamed (server-sent events) answer of a fake.
public struct FakeStreamRecord: Sendable {
    /// When the response head was sent.
    public var startedAt: ContinuousClock.Instant
    /// How many `data:` events were written, `[DONE]` included.
    public var eventsSent: Int
    /// When the first `data:` event was written.
    public var firstEventAt: ContinuousClock.Instant?
    /// When the stream was completed normally (after the last event), or `nil`.
    public var finishedAt: ContinuousClock.Instant?
    /// When the fake noticed that the client had closed the connection, or `nil`.
    public var clientDisconnectedAt: ContinuousClock.Instant?

    /// Creates a record for a stream that has just started.
    public init(startedAt: ContinuousClock.Instant) {
        self.startedAt = startedAt
        self.eventsSent = 0
    }
}
