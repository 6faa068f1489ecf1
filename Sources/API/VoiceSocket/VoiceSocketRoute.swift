import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// `GET /voice/interview/:id/ws?token=…` on the API's origin: the candidate voice socket, served
/// as ``VoiceSocketBackend`` says (forwarded to `VOICE_URL`, in process, or unavailable).
///
/// With no voice service (an `api` role without `VOICE_URL`) a plain request is answered 503
/// `voice_unavailable`, and a WebSocket is upgraded only to get the `error` event
/// `voice_unavailable` and close 1013 (a refused upgrade cannot carry a body: Hummingbird answers
/// it 400). Otherwise a request without the WebSocket upgrade is answered 426 `websocket_required`.
struct VoiceSocketRoute {
    static let path = "/voice/interview/:id/ws"

    static let unavailable = "Live voice interviews are not available on this server (VOICE_URL is not set)."

    let backend: VoiceSocketBackend
    /// The largest message relayed (the voice service's own limit, `maxMessageBytes`).
    let maxMessage: Int
    let trustProxy: Bool

    func register(on router: Router<APIRequestContext>) {
        let backend = self.backend
        let maxMessage = self.maxMessage
        let trustProxy = self.trustProxy
        router.ws(RouterPath(Self.path)) { request, _ in
            let upgrading = request.headers[.upgrade]?.lowercased() == "websocket"
            if case .unavailable = backend, !upgrading {
                throw APIError(.serviceUnavailable, code: .voiceUnavailable, message: Self.unavailable)
            }
            guard upgrading else {
                throw APIError(
                    .upgradeRequired, code: .websocketRequired, message: "This is a WebSocket endpoint; open it with a WebSocket client.",
                    headers: [.upgrade: "websocket"])
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let interviewId = context.requestContext.parameters.get("id")
            let request = context.request
            switch backend {
            case .unavailable:
                await VoiceSocketForwarder.refuse(outbound, Self.unavailable)
            case .inProcess(let handler):
                await handler(interviewId, request.uri.queryParameters.get("token"), inbound, outbound, context.logger)
            case .forward(let upstream):
                await VoiceSocketForwarder.relay(
                    upstream: upstream, path: request.uri.path, query: request.uri.query, headers: request.headers,
                    clientAddress: ClientAddress.of(request, context: context.requestContext, trustProxy: trustProxy),
                    inbound: inbound, outbound: outbound, maxMessage: maxMessage, logger: context.logger)
            }
        }
    }
}
