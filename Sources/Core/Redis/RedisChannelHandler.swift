import Logging
import NIOCore

/// Writes ``RedisRequest``s and matches the replies parsed by hiredis to them in FIFO order.
///
/// On a subscriber connection, `message` pushes are handed to `onPush` instead.
/// When the connection fails, every outstanding request fails with ``RedisError/Code/connectionFailed``.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var promise: EventLoopPromise<[RedisValue]>
        var remaining: Int
        var replies: [RedisValue]
    }

    private let parser = RedisReplyParser()
    private var pending = CircularBuffer<Pending>()
    private var failure: RedisError?
    private let endpoint: String
    private let onPush: (@Sendable (RedisValue) -> Void)?
    private let logger: Logger

    init(endpoint: String, logger: Logger, onPush: (@Sendable (RedisValue) -> Void)?) {
        self.endpoint = endpoint
        self.logger = logger
        self.onPush = onPush
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        if request.expectedReplies > 0 {
            pending.append(Pending(promise: request.promise, remaining: request.expectedReplies, replies: []))
        } else {
            request.promise.succeed([])
        }
        context.write(wrapOutboundOut(request.payload), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try parser.feed(buffer)
            while let reply = try parser.next() {
                deliver(reply)
            }
        } catch {
            let redisError = error as? RedisError ?? RedisError(.protocolError, "\(error)")
            logger.error("Redis protocol error; closing connection", metadata: ["redis_endpoint": "\(endpoint)", "error": "\(redisError)"])
            failAll(redisError)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError(.connectionFailed, "connection to Redis at \(endpoint) closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("Redis connection error", metadata: ["redis_endpoint": "\(endpoint)", "error": "\(error)"])
        failAll(RedisError(.connectionFailed, "connection to Redis at \(endpoint) failed: \(error)"))
        context.close(promise: nil)
    }

    private func deliver(_ reply: RedisValue) {
        if let onPush, Self.isPush(reply) {
            onPush(reply)
            return
        }
        guard !pending.isEmpty else {
            logger.warning("Unexpected Redis reply without a pending command", metadata: ["redis_endpoint": "\(endpoint)"])
            return
        }
        let head = pending.startIndex
        pending[head].replies.append(reply)
        pending[head].remaining -= 1
        if pending[head].remaining == 0 {
            let done = pending.removeFirst()
            done.promise.succeed(done.replies)
        }
    }

    private func failAll(_ error: RedisError) {
        if failure == nil {
            failure = error
        }
        while let next = pending.popFirst() {
            next.promise.fail(error)
        }
    }

    /// `message` (and `pmessage`) arrays that a subscribed connection receives unasked.
    private static func isPush(_ reply: RedisValue) -> Bool {
        guard case .array(let elements?) = reply, let kind = elements.first?.string else {
            return false
        }
        return (kind == "message" && elements.count == 3) || (kind == "pmessage" && elements.count == 4)
    }
}
