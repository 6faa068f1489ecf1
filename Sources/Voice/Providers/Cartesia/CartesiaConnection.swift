public import Foundation
import HTTPTypes
import HummingbirdWSClient
public import Logging
import NIOCore

/// One Cartesia TTS WebSocket (`wss://api.cartesia.ai/tts/websocket`, providers.md §3.2),
/// multiplexing the contexts of a session.
///
/// Connects in the background when created; frames sent before it opens are queued.
/// Authenticates with `Authorization: Bearer <key>` and `Cartesia-Version` on the handshake and
/// the version in the query.
public final class CartesiaConnection: Sendable {
    /// Server messages and the socket's life cycle.
    public let events: AsyncStream<CartesiaConnectionEvent>
    private let outgoing: AsyncStream<String>.Continuation
    private let task = Locked<Task<Void, Never>?>(nil)

    /// Opens a socket under `baseURL` (http(s) or ws(s)).
    public init(baseURL: URL, apiKey: String, options: CartesiaWebSocketOptions, logger: Logger) {
        let (events, eventSink) = AsyncStream.makeStream(of: CartesiaConnectionEvent.self)
        let (outgoingStream, outgoing) = AsyncStream.makeStream(of: String.self)
        self.events = events
        self.outgoing = outgoing
        let url = options.url(base: WebSocketURL.from(baseURL))?.absoluteString ?? ""
        var configuration = WebSocketClientConfiguration()
        configuration.additionalHeaders[.authorization] = "Bearer \(apiKey)"
        if let name = HTTPField.Name("Cartesia-Version") { configuration.additionalHeaders[name] = options.version }
        configuration.maxFrameSize = 4 << 20
        let started = Task {
            var failure: String?
            do {
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                    eventSink.yield(.opened)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in outgoingStream { try await outbound.write(.text(text)) }
                        }
                        for try await message in inbound.messages(maxSize: 4 << 20) {
                            guard case .text(let text) = message, let decoded = try? CartesiaServerMessage.decode(text: text) else { continue }
                            eventSink.yield(.message(decoded))
                        }
                        group.cancelAll()
                    }
                }
            } catch {
                failure = "\(error)"
            }
            eventSink.yield(.closed(error: failure))
            eventSink.finish()
        }
        task.withLock { $0 = started }
    }

    /// Sends a generation input.
    public func send(_ request: CartesiaGenerationRequest) {
        guard let text = try? request.jsonText() else { return }
        outgoing.yield(text)
    }

    /// Cancels a context.
    public func cancel(contextId: String) {
        guard let text = try? CartesiaCancelRequest(contextId: contextId).jsonText() else { return }
        outgoing.yield(text)
    }

    /// Drops the socket.
    public func close() {
        outgoing.finish()
        task.withLock { $0 }?.cancel()
    }
}
