import Foundation
import HTTPTypes
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// Relays one candidate voice socket between the client and the `voice` role (`VOICE_URL`).
///
/// The relay opens the same path and query (the token included) on the voice service, with the
/// client's `Origin`, `User-Agent` and address (`X-Forwarded-For`), and copies every message both
/// ways as it comes — text as text, binary as binary. Each direction awaits its write before
/// reading the next message, so a slow reader slows the sender down through TCP instead of
/// filling memory. It authenticates nothing: the voice service checks the token and refuses with
/// its own `error` event and close code, which reach the client unchanged (code and reason).
/// When the client closes, the voice service sees a normal close (1000); the client's own code
/// is not available to the relay. When the voice service cannot be reached, the client gets an
/// `error` event `voice_unavailable` and close 1013 (try again later).
enum VoiceSocketForwarder {
    /// Relays `inbound`/`outbound` (the client's socket) to `upstream` + `path` + `?query`.
    static func relay(
        upstream: URL, path: String, query: String?, headers: HTTPFields, clientAddress: String?,
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, maxMessage: Int, logger: Logger
    ) async {
        guard let url = socketURL(upstream: upstream, path: path, query: query) else {
            await refuse(outbound, "VOICE_URL is not a usable URL.")
            return
        }
        var configuration = WebSocketClientConfiguration(maxFrameSize: maxMessage, validateUTF8: true)
        for name in [HTTPField.Name.origin, .userAgent, .requestID] {
            if let value = headers[name] { configuration.additionalHeaders[name] = value }
        }
        let forwarded = (headers[values: .xForwardedFor] + [clientAddress].compactMap { $0 }).joined(separator: ", ")
        if !forwarded.isEmpty { configuration.additionalHeaders[.xForwardedFor] = forwarded }

        let clientToVoice = TaskBox()
        do {
            let close = try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { voiceInbound, voiceOutbound, _ in
                // Client → voice runs beside this handler: it ends when the client closes (then the
                // voice side is closed normally) or when the voice socket is gone.
                clientToVoice.task = Task {
                    do {
                        for try await message in inbound.messages(maxSize: maxMessage) {
                            try await voiceOutbound.write(frame(message))
                        }
                    } catch {
                        // The client's socket broke or the voice socket is closed: either way, stop.
                    }
                    try? await voiceOutbound.close(.normalClosure, reason: nil)
                }
                // Voice → client until the voice service closes (or the client is gone).
                do {
                    for try await message in voiceInbound.messages(maxSize: maxMessage) {
                        try await outbound.write(frame(message))
                    }
                } catch {
                    logger.debug("voice relay stopped", metadata: ["error": "\(error)"])
                }
            }
            // The voice service's close, code and reason, is the client's close.
            if let close {
                try? await outbound.close(close.closeCode, reason: close.reason)
            } else {
                try? await outbound.close(.goingAway, reason: nil)
            }
        } catch {
            logger.warning("voice relay failed", metadata: ["error": "\(error)", "upstream": "\(upstream.absoluteString)"])
            if clientToVoice.task == nil {
                await refuse(outbound, "The voice service is unreachable; please try again in a moment.")
            } else {
                try? await outbound.close(.unexpectedServerError, reason: nil)
            }
        }
        // The client answers the close and its reader ends; one that never does is cut off.
        if let task = clientToVoice.task {
            let watchdog = Task {
                try? await Task.sleep(for: closeWait)
                task.cancel()
            }
            await task.value
            watchdog.cancel()
        }
    }

    /// How long the relay waits for the client to answer a close before it stops reading.
    static let closeWait = Duration.seconds(10)

    /// `ws(s)://host[:port][/base]/voice/interview/<id>/ws?<query>`.
    static func socketURL(upstream: URL, path: String, query: String?) -> String? {
        guard var components = URLComponents(url: upstream, resolvingAgainstBaseURL: false) else { return nil }
        switch components.scheme?.lowercased() {
        case "https", "wss": components.scheme = "wss"
        case "http", "ws": components.scheme = "ws"
        default: return nil
        }
        let base = components.percentEncodedPath.hasSuffix("/") ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        components.percentEncodedPath = base + path
        components.percentEncodedQuery = query.flatMap { $0.isEmpty ? nil : $0 }
        return components.string
    }

    private static func frame(_ message: WebSocketMessage) -> WebSocketOutboundWriter.OutboundFrame {
        switch message {
        case .text(let text): .text(text)
        case .binary(let buffer): .binary(buffer)
        }
    }

    /// No voice service to talk to: an `error` event `voice_unavailable`, then close 1013.
    static func refuse(_ outbound: WebSocketOutboundWriter, _ message: String) async {
        // As the voice role's refusals: some WebSocket clients (swift-websocket's among them) lose
        // frames that arrive in the same read as the 101 response, so the refusal waits a moment
        // (250 ms: 25 ms was not enough for a client starved of CPU on a busy machine).
        try? await Task.sleep(for: .milliseconds(250))
        let event = #"{"code":"voice_unavailable","message":"\#(message)","type":"error"}"#
        try? await outbound.write(.text(event))
        try? await outbound.close(.init(codeNumber: 1013), reason: "voice_unavailable")
    }
}

/// The client-to-voice task, handed out of the connection's closure (set once the voice socket is open).
private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Task<Void, Never>?

    var task: Task<Void, Never>? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
