public import Foundation
public import HummingbirdWebSocket
public import Logging

/// How the API's origin serves the candidate voice socket, `GET /voice/interview/:id/ws`.
///
/// The unchanged frontend opens the voice socket at `API_URL`, so the `api` role forwards it to
/// the `voice` role (``forward(_:)``, from `VOICE_URL`), `dev` runs the session in its own
/// process (``inProcess(_:)``), and an `api` role without `VOICE_URL` refuses it with
/// `voice_unavailable` (``unavailable``).
public enum VoiceSocketBackend: Sendable {
    /// Runs one upgraded socket to its end: `interviewId` is the path's `:id`, `token` the
    /// `?token=` query parameter (both unchecked: the voice session checks them).
    public typealias Handler = @Sendable (
        _ interviewId: String?, _ token: String?, _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ logger: Logger
    ) async -> Void

    /// No voice service: a plain request is answered 503 `voice_unavailable`, a WebSocket gets the
    /// `error` event `voice_unavailable` and close 1013.
    case unavailable
    /// Relays every socket, both ways, to the voice service at this base URL (`VOICE_URL`).
    case forward(URL)
    /// Serves every socket in this process.
    case inProcess(Handler)

    /// What the configuration says for the `api` role: forward when `VOICE_URL` is set.
    public static func configured(_ upstream: URL?) -> VoiceSocketBackend {
        upstream.map { .forward($0) } ?? .unavailable
    }
}
