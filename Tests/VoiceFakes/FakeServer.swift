import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// Runs a fake's router (HTTP and WebSocket) on `127.0.0.1` at a port the system picks.
final class FakeServer: Sendable {
    private let state = FakeLocked<(task: Task<Void, Never>, url: URL)?>(nil)

    /// The base URL while running.
    var baseURL: URL? { state.value?.url }

    /// Starts serving `router`; returns `http://127.0.0.1:<port>`.
    func start(router: Router<BasicWebSocketRequestContext>) async throws -> URL {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 1 << 22, autoPing: .disabled))),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "voice-fake", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task {
            try? await app.run()
            portSink.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
            task.cancel()
            throw FakeStartError()
        }
        state.withLock { $0 = (task, url) }
        return url
    }

    /// Stops the server.
    func stop() async {
        guard let task = state.withLock({ state -> Task<Void, Never>? in
            defer { state = nil }
            return state?.task
        }) else { return }
        task.cancel()
        await task.value
    }
}

/// The fake's server did not start.
struct FakeStartError: Error {}
