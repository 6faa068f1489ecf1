public import Core
import Foundation
import HTTPTypes
public import Hummingbird
public import NIOCore
import HummingbirdCore
import HummingbirdWebSocket
import Integrations
import Realtime
import Logging
import PostgresNIO
public import ServiceLifecycle

/// Builds the `web` role's HTTP application over `platform`.
///
/// Tests call this too, so they exercise the real wiring. `services` are run inside the
/// application's own service group; `voiceSocket` overrides how the voice socket is served
/// (default: forwarded to `VOICE_URL`, or 503 without it); `beforeServerStarts` runs before the
/// port is opened and `onServerRunning` once it is.
public func buildApplication(
    platform: Platform,
    services: [any Service] = [],
    voiceSocket: VoiceSocketBackend? = nil,
    beforeServerStarts: (@Sendable () async throws -> Void)? = nil,
    onServerRunning: (@Sendable (any Channel) async -> Void)? = nil
) throws -> some ApplicationProtocol {
    var api = try APIServices(platform: platform)
    if let voiceSocket { api.voiceSocket = voiceSocket }
    let router = buildRouter(services: api)
    let limits = platform.configuration.connections
    let limiter = ConnectionLimiter(limit: limits.maxConnections)
    let webSocketResponder = router.buildResponder()
    let webSocket = {
        var webSocket = api.realtime.webSocketConfiguration
        if case .unavailable = api.voiceSocket { return webSocket }
        // Voice messages (recorded clips) may be larger than Socket.IO's; Engine.IO still
        // refuses its own messages over `maxPayload`.
        webSocket.maxFrameSize = max(webSocket.maxFrameSize, platform.configuration.voice.maxMessageBytes)
        // As the voice role does: a client that vanished without a close is found within a
        // minute (the relay itself answers the voice role's pings). Engine.IO's own heartbeat is
        // unaffected; WebSocket clients answer pings by themselves.
        webSocket.autoPing = .enabled(timePeriod: .seconds(30))
        return webSocket
    }()
    var app = Application(
        router: router,
        // HTTP/1 with the WebSocket upgrade, behind the connection cap and the first-request
        // deadline; Hummingbird's idle timeout covers keep-alive connections between requests.
        server: HTTPServerBuilder { responder in
            GuardedServerChildChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder,
                    configuration: .init(http1: .init(idleTimeout: .nanoseconds(limits.idleTimeout.wholeNanoseconds)), ws: webSocket)),
                limiter: limiter, headerTimeout: limits.idleTimeout)
        },
        configuration: .init(
            address: .hostname(platform.configuration.host, port: platform.configuration.port),
            serverName: "vantahire"
        ),
        services: services + api.backgroundServices,
        onServerRunning: { channel in await onServerRunning?(channel) },
        logger: platform.logger
    )
    if let beforeServerStarts {
        app.beforeServerStarts(perform: beforeServerStarts)
    }
    return app
}

/// The router with every route and middleware (exposed for router-level tests).
public func buildRouter(platform: Platform) throws -> Router<APIRequestContext> {
    buildRouter(services: try APIServices(platform: platform))
}

/// The router over already-assembled `services`.
public func buildRouter(services: APIServices) -> Router<APIRequestContext> {
    let platform = services.platform
    // HEAD is answered on every GET route, as GET without the body.
    let router = Router(context: APIRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: HeadRequestMiddleware())
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: CORSMiddleware(
        allowOrigin: .oneOf(platform.configuration.frontendURL),
        allowHeaders: [.accept, .authorization, .contentType, .origin, .apiKey, .requestID, .ifNoneMatch],
        allowMethods: [.get, .post, .put, .patch, .delete, .head, .options],
        allowCredentials: true,
        exposedHeaders: ["X-Request-Id", "Link", "Location", "Retry-After", "ETag", "Content-Disposition",
                         "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"],
        maxAge: .seconds(600)
    ))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: AuthMiddleware(authenticator: services.authenticator))
    HealthController(platform: platform).register(on: router)
    OpenAPIController().register(on: router)
    AuthController(services: services).register(on: router)
    APIKeyController(services: services).register(on: router)
    InterviewController(services: services).register(on: router)
    VoiceController(services: services).register(on: router)
    JobPostingController(services: services).register(on: router)
    FileController(services: services).register(on: router)
    ScreenshotController(services: services).register(on: router)
    VideoController(services: services).register(on: router)
    if let local = services.recordings as? LocalRecordingStore {
        LocalStorageController(store: local, maxBytes: platform.configuration.api.recordingMaxBytes).register(on: router)
    }
    WebhookController(services: services).register(on: router)
    AdminController(services: services).register(on: router)
    TextInterviewController(services: services).register(on: router)
    let trustProxy = platform.configuration.api.trustProxy
    VoiceSocketRoute(backend: services.voiceSocket, maxMessage: platform.configuration.voice.maxMessageBytes, trustProxy: trustProxy)
        .register(on: router)
    services.realtime.register(on: router) { request, context in
        ClientAddress.of(request, context: context, trustProxy: trustProxy)
    }
    return router
}
