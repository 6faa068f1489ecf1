/// The messages of a subscription, as an async sequence.
///
/// Iterate it from one task; cancelling that task (or dropping the sequence) ends the
/// subscription and releases its connection. Messages are buffered (up to
/// ``RedisSubscription/bufferLimit``, newest kept) when the consumer is slower than the publishers.
public struct RedisSubscription: AsyncSequence, Sendable {
    /// Each element is one published message.
    public typealias Element = RedisMessage
    /// Iteration never throws: a lost connection is re-established in the background.
    public typealias Failure = Never

    /// How many undelivered messages a subscription keeps before dropping the oldest.
    public static let bufferLimit = 10_000

    private let stream: AsyncStream<RedisMessage>

    /// Wraps a stream of messages; the stream's termination handler should release the subscription.
    public init(stream: AsyncStream<RedisMessage>) {
        self.stream = stream
    }

    /// Makes a stream whose buffering policy matches ``bufferLimit``, plus its continuation.
    public static func makeStream() -> (stream: AsyncStream<RedisMessage>, continuation: AsyncStream<RedisMessage>.Continuation) {
        AsyncStream.makeStream(of: RedisMessage.self, bufferingPolicy: .bufferingNewest(bufferLimit))
    }

    /// The iterator of a ``RedisSubscription``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// Iteration never throws.
        public typealias Failure = Never

        private var base: AsyncStream<RedisMessage>.AsyncIterator

        init(base: AsyncStream<RedisMessage>.AsyncIterator) {
            self.base = base
        }

        /// The next message, or `nil` once the subscription has ended (cancelled or client shut down).
        public mutating func next() async -> RedisMessage? {
            await base.next()
        }

        /// The next message, or `nil` once the subscription has ended (cancelled or client shut down).
        public mutating func next(isolation actor: isolated (any Actor)?) async -> RedisMessage? {
            await base.next(isolation: actor)
        }
    }

    /// Starts iterating the messages.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator())
    }
}
