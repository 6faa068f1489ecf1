import NIOCore

/// The first handler of every accepted connection (see ``GuardedServerChildChannel``), in front
/// of the HTTP codec:
///
/// - counts the connection in a ``ConnectionLimiter`` until it closes (WebSocket upgrades
///   included); past the cap it answers a raw `503 Service Unavailable` with `Retry-After: 1` and
///   a JSON error `too_many_connections`, and closes, before reading any request;
/// - closes a connection whose first request head is not complete within `headerTimeout` (a
///   client that connects and sends nothing, or its headers a byte at a time). Later requests are
///   bounded by Hummingbird's own idle timeout, and WebSockets by their pings.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let limiter: ConnectionLimiter
    private let headerTimeout: TimeAmount
    private var refused = false
    private var headComplete = false
    /// The last bytes seen, to find `\r\n\r\n` across reads.
    private var tail: [UInt8] = []
    private var timer: Scheduled<Void>?

    init(limiter: ConnectionLimiter, headerTimeout: TimeAmount) {
        self.limiter = limiter
        self.headerTimeout = headerTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        guard limiter.admit() else {
            refused = true
            let body = #"{"error":"Too many open connections; try again shortly.","code":"too_many_connections"}"#
            let response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Retry-After: 1\r\nConnection: close\r\n\r\n" + body
            context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(string: response))).whenComplete { _ in
                channel.close(promise: nil)
            }
            return
        }
        let limiter = self.limiter
        channel.closeFuture.whenComplete { _ in limiter.release() }
        timer = channel.eventLoop.scheduleTask(in: headerTimeout) {
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }  // a refused client's request is never read
        if !headComplete {
            let buffer = unwrapInboundIn(data)
            tail.append(contentsOf: buffer.readableBytesView)
            if tail.count > 3 {
                if tail.firstRange(of: [13, 10, 13, 10]) != nil {
                    headComplete = true
                    timer?.cancel()
                    timer = nil
                }
                tail.removeFirst(tail.count - 3)
            }
        }
        context.fireChannelRead(data)
    }
}
