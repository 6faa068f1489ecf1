import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ProviderFakes

/// Serves a WebSocket fake's router (HTTP and WebSocket upgrades) through the fakes' one server
/// helper, ``LoopbackServer``.
extension LoopbackServer {
    /// Starts serving `router`; returns `http://127.0.0.1:<port>`.
    func start(router: Router<BasicWebSocketRequestContext>) async throws -> URL {
        try await start { onServerRunning in
            Application(
                router: router,
                server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 1 << 22, autoPing: .disabled))),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning,
                logger: Logger(label: "voice-fake", factory: { _ in SwiftLogNoOpLogHandler() })
            )
        }
    }
}
