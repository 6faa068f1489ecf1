import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import Realtime
import Testing

/// The server registers on an application's own context (like the API's `APIRequestContext`
/// once it carries a WebSocket handler reference) and inside route groups.
@Suite struct RouterIntegrationTests {
    struct AppContext: RequestContext, WebSocketRequestContext {
        var coreContext: CoreRequestContextStorage
        let webSocket: WebSocketHandlerReference<Self>

        init(source: Source) {
            self.coreContext = .init(source: source)
            self.webSocket = .init()
        }
    }

    @Test func registersOnACustomContextInsideAGroup() async throws {
        let realtime = RealtimeServer<String>(
            configuration: .init(path: "/realtime"),
            logger: TestHarness.logger,
            authenticate: { _ in "user" },
            onEvent: { _, _ in }
        )
        let router = Router(context: AppContext.self)
        realtime.register(on: router.group("/api"))
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/realtime/?EIO=4&transport=polling", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("0{"))
            }
            try await client.execute(uri: "/socket.io/?EIO=4&transport=polling", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(realtime.sessionCount == 1)
        await realtime.shutdown()
        #expect(realtime.sessionCount == 0)
    }
}
