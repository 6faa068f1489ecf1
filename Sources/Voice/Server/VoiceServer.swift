import Core
import HTTPTypes
public import Hummingbird
import HummingbirdCore
public import HummingbirdWebSocket
public import Logging
public import NIOCore
import Prometheus
public import ServiceLifecycle

/// The `voice` role's HTTP application: `GET /voice/interview/:id/ws?token=…` (the live
/// session's WebSocket), `GET /health` and `GET /metrics`.
public enum VoiceServer {
    /// The router with the voice routes (exposed for tests).
    public static func buildRouter(runtime: VoiceRuntime) -> Router<BasicWebSocketRequestContext> {
        // HEAD is answered on every GET route (/health, /metrics), as GET without the body.
        let router = Router(context: BasicWebSocketRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.get("/health") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\",\"sessions\":\(runtime.liveSessions)}")))
        }
        router.get("/metrics") { request, _ -> Response in
            // The same rule as the API's /metrics: METRICS_TOKEN as a bearer token.
            let access = MetricsAccess.decide(authorization: request.headers[.authorization], configuration: runtime.platform.configuration)
            guard access == .allowed else {
                let unauthorized = access == .unauthorized
                let body = #"{"error":"\#(access.message)","code":"\#(unauthorized ? "unauthorized" : "metrics_disabled")"}"#
                var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
                if unauthorized { headers[.wwwAuthenticate] = "Bearer" }
                return Response(status: unauthorized ? .unauthorized : .forbidden, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            var buffer: [UInt8] = []
            runtime.platform.metrics.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        router.ws("/voice/interview/:id/ws") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            await serveSocket(
                runtime: runtime, interviewId: context.requestContext.parameters.get("id"),
                token: context.request.uri.queryParameters.get("token"), inbound: inbound, outbound: outbound, logger: context.logger)
        }
        return router
    }

    /// Runs one candidate voice socket (already upgraded) to its end: admission, the session,
    /// the close. The `voice` role's route calls it, and `dev` calls it from the API's origin.
    public static func serveSocket(
        runtime: VoiceRuntime, interviewId: String?, token: String?,
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger
    ) async {
        var logger = logger
        logger[metadataKey: "interview"] = "\(interviewId ?? "-")"
        await VoiceGateway.serve(
            runtime: runtime, interviewIdText: interviewId, token: token, inbound: inbound, outbound: outbound, logger: logger)
    }

    /// The application on `VOICE_HOST:VOICE_PORT` (`VOICE_PORT` defaults to `PORT`), running `services` in its service group.
    public static func buildApplication(
        runtime: VoiceRuntime,
        services: [any Service] = [],
        onServerRunning: (@Sendable (any Channel) async -> Void)? = nil
    ) -> some ApplicationProtocol {
        let settings = runtime.platform.configuration.voice
        let limits = runtime.platform.configuration.connections
        let limiter = ConnectionLimiter(limit: limits.maxConnections)
        let router = buildRouter(runtime: runtime)
        let webSocketResponder = router.buildResponder()
        let webSocket = WebSocketServerConfiguration(maxFrameSize: settings.maxMessageBytes, autoPing: .enabled(timePeriod: .seconds(30)))
        return Application(
            router: router,
            // As the API: a connection cap and a first-request deadline in front of HTTP/1 + WebSocket.
            server: HTTPServerBuilder { responder in
                GuardedServerChildChannel(
                    base: HTTP1WebSocketUpgradeChannel(
                        responder: responder, webSocketResponder: webSocketResponder,
                        configuration: .init(http1: .init(idleTimeout: .nanoseconds(limits.idleTimeout.wholeNanoseconds)), ws: webSocket)),
                    limiter: limiter, headerTimeout: limits.idleTimeout)
            },
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "vantahire-voice"),
            services: services,
            onServerRunning: { channel in await onServerRunning?(channel) },
            logger: runtime.platform.logger
        )
    }
}
