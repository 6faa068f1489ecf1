import NIOCore

/// One write to a Redis connection: already-encoded commands and the promise for their replies.
struct RedisRequest: Sendable {
    /// The RESP bytes of every command in the request, written (and flushed) at once.
    var payload: ByteBuffer
    /// How many replies complete the request (one per command, or one per channel for `SUBSCRIBE`).
    var expectedReplies: Int
    /// Completed with the replies in order, or failed when the connection fails first.
    var promise: EventLoopPromise<[RedisValue]>
}
