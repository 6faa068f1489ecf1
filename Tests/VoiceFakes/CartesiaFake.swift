public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import ProviderFakes

/// A faithful local Cartesia TTS WebSocket (providers.md §3.5), `GET /tts/websocket`:
///
/// * authentication by `Authorization: Bearer`, `X-API-Key`, `?api_key=` or `?access_token=`;
///   the version by `?cartesia_version=` or `Cartesia-Version` (401 / 400 at the upgrade otherwise);
/// * contexts multiplexed on one socket: each non-empty input yields `chunk` messages (base64
///   PCM matching `output_format`) after ``firstByteLatency``, carrying the context's current
///   `flush_id`; `flush: true` → `flush_done` with an incrementing `flush_id`; `continue: false`
///   → `done`; `{"cancel": true}` drops the context's pending inputs;
/// * `output_format.container` other than `raw`, or a changed `model_id`/`voice` on a context →
///   an `error` message with `done: true`.
public final class CartesiaFake: Sendable {
    /// The key clients must present.
    public let apiKey: String
    /// Time from an input to its first audio chunk.
    public let firstByteLatency: Duration
    /// Seconds of audio per character.
    public let audioSecondsPerCharacter: Double

    private let server = LoopbackServer()
    private let records = FakeLocked(Records())
    private let sockets = FakeLocked<[Int: WebSocketOutboundWriter]>([:])

    private struct Records {
        var connections = 0
        var inputs: [CartesiaFakeInput] = []
        var cancelled: [String] = []
    }

    /// A fake accepting `apiKey`.
    public init(apiKey: String, firstByteLatency: Duration = .zero, audioSecondsPerCharacter: Double = 0.02) {
        self.apiKey = apiKey
        self.firstByteLatency = firstByteLatency
        self.audioSecondsPerCharacter = audioSecondsPerCharacter
    }

    /// Sockets opened so far.
    public var connections: Int { records.value.connections }
    /// Every generation input received, in order.
    public var inputs: [CartesiaFakeInput] { records.value.inputs }
    /// Contexts cancelled by the client.
    public var cancelledContexts: [String] { records.value.cancelled }

    /// Closes every open socket abruptly (1011).
    public func dropConnections() async {
        for socket in sockets.withLock({ Array($0.values) }) { try? await socket.close(.unexpectedServerError, reason: "internal error") }
    }

    /// Starts the fake; returns its base URL.
    public func start() async throws -> URL {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws("/tts/websocket") { [self] request, _ in
            accepts(request) ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { [self] inbound, outbound, _ in
            try await serve(inbound: inbound, outbound: outbound)
        }
        return try await server.start(router: router)
    }

    /// Stops the fake.
    public func stop() async {
        await server.stop()
    }

    private func accepts(_ request: Request) -> Bool {
        let query = request.uri.queryParameters
        let keyOK = request.headers[.authorization] == "Bearer \(apiKey)"
            || request.headers[HTTPField.Name("X-API-Key")!] == apiKey
            || query.get("api_key") == apiKey || query.get("access_token") == apiKey
        let versionOK = query.get("cartesia_version") != nil || request.headers[HTTPField.Name("Cartesia-Version")!] != nil
        return keyOK && versionOK
    }

    private struct ContextState {
        var model: String
        var voice: CartesiaFakeInput.Voice
        var flushId = 0
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let socket = records.withLock { records -> Int in
            records.connections += 1
            return records.connections
        }
        sockets.withLock { $0[socket] = outbound }
        defer { sockets.withLock { _ = $0.removeValue(forKey: socket) } }
        var contexts: [String: ContextState] = [:]
        var cancelled: Set<String> = []
        for try await message in inbound.messages(maxSize: 1 << 22) {
            guard case .text(let text) = message else { continue }
            let data = Data(text.utf8)
            // `{"context_id": …, "cancel": true}` (providers.md §3.2).
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["cancel"] as? Bool == true,
               let contextId = object["context_id"] as? String {
                cancelled.insert(contextId)
                records.withLock { $0.cancelled.append(contextId) }
                continue
            }
            guard let input = try? JSONDecoder().decode(CartesiaFakeInput.self, from: data) else {
                try await send(.error(contextId: nil, statusCode: 400, message: "invalid generation request"), outbound)
                continue
            }
            records.withLock { $0.inputs.append(input) }
            let id = input.contextId
            guard !cancelled.contains(id) else { continue }
            guard input.outputFormat.container == "raw" else {
                try await send(.error(contextId: id, statusCode: 400, message: "output_format.container must be raw on the WebSocket"), outbound)
                continue
            }
            var context = contexts[id] ?? ContextState(model: input.modelId, voice: input.voice)
            guard context.model == input.modelId, context.voice == input.voice else {
                try await send(.error(contextId: id, statusCode: 400, message: "model_id and voice must not change within a context"), outbound)
                continue
            }
            if !input.transcript.trimmingCharacters(in: .whitespaces).isEmpty {
                if firstByteLatency > .zero { try await Task.sleep(for: firstByteLatency) }
                let samples = Int(Double(input.transcript.count) * audioSecondsPerCharacter * Double(input.outputFormat.sampleRate))
                var sent = 0
                let piece = input.outputFormat.sampleRate / 10
                while sent < samples {
                    let count = min(piece, samples - sent)
                    let audio = FakeAudio.samples(count: count) { index in Int16(truncatingIfNeeded: ((sent + index) % 50) * 300 - 7500) }
                    try await send(.chunk(contextId: id, audio: Data(audio.readableBytesView), stepTime: 40, flushId: context.flushId + 1), outbound)
                    sent += count
                }
            }
            if input.flush == true {
                context.flushId += 1
                try await send(.flushDone(contextId: id, flushId: context.flushId), outbound)
            }
            contexts[id] = context
            if !input.continues {
                try await send(.done(contextId: id), outbound)
                contexts[id] = nil
            }
        }
    }

    private func send(_ message: CartesiaFakeMessage, _ outbound: WebSocketOutboundWriter) async throws {
        try await outbound.write(.text(try message.jsonText()))
    }
}
