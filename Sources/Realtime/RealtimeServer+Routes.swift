public import Hummingbird
public import HummingbirdWebSocket
import HTTPTypes
import HummingbirdCore
import NIOCore
import ServiceLifecycle

extension RealtimeServer {
    /// Serves the Engine.IO endpoint on `router` at `configuration.path`:
    /// `GET` (polling handshake and polls, and the WebSocket upgrade), `POST` (polling sends) and,
    /// when the origin policy writes CORS headers, `OPTIONS` preflights.
    ///
    /// WebSocket upgrades only happen when the application's server is built with
    /// `.http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: realtime.webSocketConfiguration))`.
    ///
    /// `clientAddress` names the client of a request, for
    /// ``RealtimeConfiguration/maxPendingSessionsPerAddress`` (`nil`: not limited).
    public func register<Router: RouterMethods>(
        on router: Router,
        clientAddress: @escaping @Sendable (Request, Router.Context) -> String? = { _, _ in nil }
    ) where Router.Context: WebSocketRequestContext {
        let path = RouterPath(configuration.path)
        router.get(path) { request, context in
            try await self.handleGet(request, context: context, address: clientAddress(request, context))
        }
        router.post(path) { request, _ in
            await self.handlePost(request)
        }
        if configuration.originPolicy?.writesCORSHeaders == true {
            router.on(path, method: .options) { request, _ in
                self.handlePreflight(request)
            }
        }
    }

    /// The WebSocket settings this server needs from the application's HTTP server: frames as
    /// large as `maxPayload`, and no WebSocket-level auto-ping (Engine.IO has its own heartbeat).
    public var webSocketConfiguration: WebSocketServerConfiguration {
        WebSocketServerConfiguration(maxFrameSize: max(configuration.maxPayload, 1 << 14), autoPing: .disabled)
    }

    // MARK: Handlers

    private func handleGet<Context: RequestContext & WebSocketRequestContext>(
        _ request: Request, context: Context, address: String?
    ) async throws -> Response {
        let query = request.uri.queryParameters
        let origin = request.headers[.origin]
        let transport: RealtimeTransport
        switch validate(query: query, origin: origin, host: request.head.authority) {
        case .failure(let error):
            return errorResponse(error, origin: origin)
        case .success(let validated):
            transport = validated
        }
        let sid = query["sid"].map(String.init)

        if transport == .webSocket {
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                return errorResponse(.badRequest, origin: origin)
            }
            if let sid {
                guard let session = session(id: sid) else { return errorResponse(.unknownSession, origin: origin) }
                guard session.canUpgrade else { return errorResponse(.badRequest, origin: origin) }
            } else if !admitsPendingSession(from: address) {
                return errorResponse(.tooManyPendingSessions, origin: origin)
            }
            let upgrade = WebSocketUpgradeMiddleware<Context> { _, _ in
                .upgrade([:])
            } onUpgrade: { inbound, outbound, webSocketContext in
                await self.serveWebSocket(inbound: inbound, outbound: outbound, request: webSocketContext.request, address: address)
            }
            return try await upgrade.handle(request, context: context) { _, _ in Response(status: .notFound) }
        }

        guard let sid else {
            switch openSession(headers: request.headers, query: Self.dictionary(query), transport: .polling, address: address) {
            case .success(let session):
                return payloadResponse([session.openPacket], origin: origin)
            case .failure(let error):
                return errorResponse(error, origin: origin)
            }
        }
        guard let session = session(id: sid) else {
            return errorResponse(.unknownSession, origin: origin)
        }
        // A parked poll must not hold up the HTTP server's graceful shutdown: close the session,
        // which answers the poll with its last packets and `close`.
        let outcome = await withGracefulShutdownHandler {
            await session.poll()
        } onGracefulShutdown: {
            session.close(.serverShutdown)
        }
        switch outcome {
        case .packets(let packets):
            return payloadResponse(packets, origin: origin)
        case .rejected(let error):
            return errorResponse(error, origin: origin)
        }
    }

    private func handlePost(_ request: Request) async -> Response {
        let query = request.uri.queryParameters
        let origin = request.headers[.origin]
        switch validate(query: query, origin: origin, host: request.head.authority) {
        case .failure(let error):
            return errorResponse(error, origin: origin)
        case .success(.webSocket):
            return errorResponse(.badRequest, origin: origin)
        case .success(.polling):
            break
        }
        guard let sid = query["sid"] else {
            return errorResponse(.badHandshakeMethod, origin: origin)
        }
        guard let session = session(id: String(sid)) else {
            return errorResponse(.unknownSession, origin: origin)
        }
        if let error = session.beginPost() {
            return errorResponse(error, origin: origin)
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maxPayload {
            session.failPost(.payloadTooLarge)
            return errorResponse(.payloadTooLarge, origin: origin)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxPayload)
        } catch is NIOTooManyBytesError {
            session.failPost(.payloadTooLarge)
            return errorResponse(.payloadTooLarge, origin: origin)
        } catch {
            session.failPost(.transportClose)
            return errorResponse(.badRequest, origin: origin)
        }
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            session.failPost(.protocolError(EngineIOProtocolError.invalidUTF8.reason))
            return errorResponse(.badRequest, origin: origin)
        }
        if let error = session.receivePost(text) {
            return errorResponse(error, origin: origin)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/html"
        addCORSHeaders(to: &headers, origin: origin)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "ok")))
    }

    private func handlePreflight(_ request: Request) -> Response {
        let origin = request.headers[.origin]
        guard let policy = configuration.originPolicy, let origin, policy.allowedOrigins.contains(origin) else {
            return Response(status: configuration.originPolicy?.rejectsOtherOrigins == true ? .forbidden : .noContent)
        }
        var headers = HTTPFields()
        addCORSHeaders(to: &headers, origin: origin)
        headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
        if let requested = request.headers[.accessControlRequestHeaders] {
            headers[.accessControlAllowHeaders] = requested
        }
        headers[.accessControlMaxAge] = "600"
        return Response(status: .noContent, headers: headers)
    }

    // MARK: Helpers

    /// Checks `EIO`, `transport` and the origin, as the reference server does before anything else.
    private func validate(query: FlatDictionary<Substring, Substring>, origin: String?, host: String?) -> Result<RealtimeTransport, EngineIOHTTPError> {
        guard query["EIO"] == "4" else { return .failure(.unsupportedProtocolVersion) }
        guard let name = query["transport"], let transport = RealtimeTransport(rawValue: String(name)),
              configuration.transports.contains(transport) else {
            return .failure(.transportUnknown)
        }
        if let policy = configuration.originPolicy, !policy.permits(origin: origin, host: host) {
            return .failure(.forbidden)
        }
        return .success(transport)
    }

    /// The query parameters as a dictionary (the last value of a repeated name wins).
    static func dictionary(_ query: FlatDictionary<Substring, Substring>) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in query {
            result[String(key)] = String(value)
        }
        return result
    }

    private func payloadResponse(_ packets: [EngineIOPacket], origin: String?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=UTF-8"
        headers[.cacheControl] = "no-store"
        addCORSHeaders(to: &headers, origin: origin)
        let payload = EngineIOPacketCodec.encodePayload(packets)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: payload)))
    }

    private func errorResponse(_ error: EngineIOHTTPError, origin: String?) -> Response {
        var headers = HTTPFields()
        let body = error.body
        if !body.isEmpty {
            headers[.contentType] = "application/json"
        }
        addCORSHeaders(to: &headers, origin: origin)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private func addCORSHeaders(to headers: inout HTTPFields, origin: String?) {
        guard let policy = configuration.originPolicy, policy.writesCORSHeaders,
              let origin, policy.allowedOrigins.contains(origin) else { return }
        headers[.accessControlAllowOrigin] = origin
        headers[.accessControlAllowCredentials] = "true"
        headers[.vary] = "Origin"
    }
}
