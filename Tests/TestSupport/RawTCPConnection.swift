import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A plain TCP connection to a local server that records what it receives and when it closes
/// (for tests of connection limits and idle timeouts, which an HTTP client library hides).
public final class RawTCPConnection: Sendable {
    private let channel: any Channel
    private let state: NIOLockedValueBox<(received: String, closed: Bool)>

    private init(channel: any Channel, state: NIOLockedValueBox<(received: String, closed: Bool)>) {
        self.channel = channel
        self.state = state
    }

    /// Connects to `127.0.0.1:port`.
    public static func open(port: Int) async throws -> RawTCPConnection {
        let state = NIOLockedValueBox((received: "", closed: false))
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Recorder(state: state)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        channel.closeFuture.whenComplete { _ in state.withLockedValue { $0.closed = true } }
        return RawTCPConnection(channel: channel, state: state)
    }

    /// Everything received so far, as text.
    public var received: String { state.withLockedValue { $0.received } }
    /// Whether the connection is closed (by either side).
    public var isClosed: Bool { state.withLockedValue { $0.closed } }

    /// Sends `text` as is.
    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
    }

    /// Closes the connection.
    public func close() async {
        try? await channel.close().get()
    }

    /// Waits until `condition` holds, polling every 20 ms, for at most `timeout`; returns whether it held.
    public func wait(timeout: Duration, until condition: @Sendable (RawTCPConnection) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    private final class Recorder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state: NIOLockedValueBox<(received: String, closed: Bool)>

        init(state: NIOLockedValueBox<(received: String, closed: Bool)>) {
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text = String(buffer: unwrapInboundIn(data))
            state.withLockedValue { $0.received += text }
        }
    }
}
