public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import ProviderFakes
import Crypto

/// A faithful local Deepgram (providers.md §1.5) for the voice pipeline:
///
/// * `GET /v1/listen` WebSocket: `Authorization: Token <key>` (or the `token, <key>`
///   sub-protocol) checked at the upgrade (401 + `dg-error` otherwise); `encoding` and
///   `sample_rate` required (400); linear16 audio analysed by energy: voice starts an utterance
///   whose words come from ``enqueueUtterances(_:)`` (a default sentence when the script is
///   empty); interim results while speaking (`interim_results=true`), a final with
///   `speech_final: true` after `endpointing` ms of silence, `SpeechStarted` only with
///   `vad_events=true`, `UtteranceEnd` only with `utterance_end_ms`; `Finalize` → a final with
///   `from_finalize: true`; `KeepAlive` gets no reply; `CloseStream` → pending results,
///   `Metadata`, close 1000; no audio nor KeepAlive for ``idleTimeout`` → close 1011 `NET-0001`.
/// * `POST /v1/listen` (pre-recorded, providers.md §1.1, §9): `Authorization: Token <key>` (401
///   `INVALID_AUTH`); with `application/json` the body must be `{"url"}` (else 400 "could not
///   process the JSON payload"); any other body is the audio file, its container read from the
///   bytes: an empty body, or bytes that are not a WebM, Ogg, WAV or MP4 file with a coherent
///   header (e.g. a URL sent without the JSON type) → 400 `Bad Request: failed to process audio:
///   corrupt or unsupported data`;
///   otherwise the ``ListenV1Response`` shape with the next scripted utterance as
///   `results.channels[0].alternatives[0].transcript` (punctuated words, 0.3 s each),
///   `metadata.sha256` of the body, and `dg-request-id`.
/// * `POST /v1/speak`: `{"text"}` required; streams deterministic PCM (``audioSecondsPerCharacter``
///   of audio per character) in 100 ms pieces, raw with `container=none`, else behind a WAV
///   header; `Content-Type`, `dg-request-id`, `dg-char-count`; errors in Deepgram's shape.
public final class DeepgramFake: Sendable {
    /// The key clients must present.
    public let apiKey: String
    /// Latencies to imitate.
    public let latency: DeepgramFakeLatency
    /// Seconds of synthesized audio per character of text.
    public let audioSecondsPerCharacter: Double
    /// Idle time after which a listen socket is closed with `NET-0001`.
    public let idleTimeout: Duration

    private let server = LoopbackServer()
    private let script = FakeLocked<[String]>([])
    private let records = FakeLocked(Records())
    private let sockets = FakeLocked<[Int: WebSocketOutboundWriter]>([:])

    private struct Records {
        var listenConnections = 0
        var controlMessages: [String] = []
        var speakRequests: [DeepgramFakeSpeakRecord] = []
        var speakFailures = 0
        var nextSocket = 0
        var listenUpgradeRequests = 0
        var refuseListenUpgrades = false
        var clipRequests: [DeepgramFakeClipRecord] = []
        var clipFailures: [Int] = []
    }

    /// A fake accepting `apiKey`.
    public init(apiKey: String, latency: DeepgramFakeLatency = DeepgramFakeLatency(), audioSecondsPerCharacter: Double = 0.02,
                idleTimeout: Duration = .seconds(10)) {
        self.apiKey = apiKey
        self.latency = latency
        self.audioSecondsPerCharacter = audioSecondsPerCharacter
        self.idleTimeout = idleTimeout
    }

    /// The text of the next utterances the recognizer "hears", in order.
    public func enqueueUtterances(_ texts: [String]) {
        script.withLock { $0 += texts }
    }

    /// Every pre-recorded `POST /v1/listen` request so far.
    public var clipRequests: [DeepgramFakeClipRecord] { records.value.clipRequests }

    /// The next pre-recorded requests fail with these statuses, in order (after authentication
    /// and before the body is judged), in Deepgram's error shape.
    public func failNextClipRequests(_ statuses: [Int]) {
        records.withLock { $0.clipFailures += statuses }
    }

    /// Listen sockets opened so far.
    public var listenConnections: Int { records.value.listenConnections }
    /// Upgrade requests on `/v1/listen` so far, accepted or refused.
    public var listenUpgradeRequests: Int { records.value.listenUpgradeRequests }

    /// While `true`, every `/v1/listen` upgrade is refused with HTTP 503 (a Deepgram outage:
    /// Deepgram documents a failed upgrade as an HTTP error with `dg-error`).
    public func refuseListenUpgrades(_ refuse: Bool) {
        records.withLock { $0.refuseListenUpgrades = refuse }
    }

    /// Counts a `/v1/listen` upgrade request; the 503 response when upgrades are refused.
    func gateListenUpgrade() -> Response? {
        let refused = records.withLock { records -> Bool in
            records.listenUpgradeRequests += 1
            return records.refuseListenUpgrades
        }
        guard refused else { return nil }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("dg-error")!] = "Service unavailable."
        return Self.error(503, #"{"err_code":"SERVICE_UNAVAILABLE","err_msg":"Service unavailable.","request_id":"\#(UUID().uuidString.lowercased())"}"#, headers)
    }
    /// `type` of every control message received on listen sockets (`KeepAlive`, `Finalize`, …).
    public var controlMessages: [String] { records.value.controlMessages }
    /// Every `/v1/speak` request so far.
    public var speakRequests: [DeepgramFakeSpeakRecord] { records.value.speakRequests }

    /// The next `count` `/v1/speak` requests fail with 503.
    public func failNextSpeakRequests(_ count: Int) {
        records.withLock { $0.speakFailures += count }
    }

    /// Closes every open listen socket with 1011 `NET-0000` (a server-side failure).
    public func dropListenConnections() async {
        for socket in sockets.withLock({ Array($0.values) }) {
            try? await socket.close(.unexpectedServerError, reason: "NET-0000")
        }
    }

    /// Starts the fake; returns its base URL.
    public func start() async throws -> URL {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.add(middleware: DeepgramFakeListenGate(fake: self))
        router.ws("/v1/listen") { [self] request, _ in
            authorized(request.headers) ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { [self] inbound, outbound, context in
            try await listen(query: context.request.uri.queryParameters, inbound: inbound, outbound: outbound)
        }
        router.post("/v1/listen") { [self] request, _ in
            try await prerecorded(request)
        }
        router.post("/v1/speak") { [self] request, _ in
            try await speak(request)
        }
        return try await server.start(router: router)
    }

    /// Stops the fake.
    public func stop() async {
        await server.stop()
    }

    // MARK: - Listen

    private func authorized(_ headers: HTTPFields) -> Bool {
        if headers[.authorization] == "Token \(apiKey)" { return true }
        let protocols = headers[.secWebSocketProtocol]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        return protocols.count == 2 && protocols[0] == "token" && protocols[1] == apiKey
    }

    private func listen(query: Hummingbird.Parameters, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        guard query.get("encoding") != nil, let rate = query.get("sample_rate").flatMap({ Int($0) }) else {
            try await outbound.close(.policyViolation, reason: "DATA-0000")
            return
        }
        var state = DeepgramListenState(
            sampleRate: rate, channels: query.get("channels").flatMap { Int($0) } ?? 1,
            endpointing: query.get("endpointing").flatMap { Double($0) }.map { $0 / 1000 } ?? (query.get("endpointing") == "false" ? nil : 0.01),
            interimResults: query.get("interim_results") == "true",
            utteranceEnd: query.get("utterance_end_ms").flatMap { Double($0) }.map { $0 / 1000 },
            vadEvents: query.get("vad_events") == "true")
        let socket = records.withLock { records -> Int in
            records.listenConnections += 1
            records.nextSocket += 1
            return records.nextSocket
        }
        sockets.withLock { $0[socket] = outbound }
        defer { sockets.withLock { _ = $0.removeValue(forKey: socket) } }
        let lastActivity = FakeLocked(ContinuousClock.now)
        let idleTimeout = self.idleTimeout
        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                if lastActivity.withLock({ ContinuousClock.now - $0 }) > idleTimeout {
                    try? await outbound.close(.unexpectedServerError, reason: "NET-0001")
                    return
                }
            }
        }
        defer { watchdog.cancel() }
        let script = self.script
        for try await message in inbound.messages(maxSize: 1 << 22) {
            lastActivity.withLock { $0 = .now }
            switch message {
            case .binary(let buffer):
                let messages = state.audio(FakeAudio.isVoiced(buffer), bytes: buffer.readableBytes) {
                    script.withLock { $0.isEmpty ? "I have worked on this kind of system for several years." : $0.removeFirst() }
                }
                try await send(messages, on: outbound)
            case .text(let text):
                guard let control = DeepgramFakeMessage.controlType(text) else { continue }
                records.withLock { $0.controlMessages.append(control) }
                switch control {
                case "Finalize":
                    try await send([state.finalize()], on: outbound)
                case "CloseStream":
                    try await send(state.flush(), on: outbound)
                    let metadata = DeepgramFakeMessage.metadata(
                        requestId: UUID().uuidString.lowercased(), duration: state.audioTime, channels: state.channels)
                    try await outbound.write(.text(try metadata.jsonText()))
                    try await outbound.close(.normalClosure, reason: nil)
                    return
                default:  // KeepAlive: no reply
                    break
                }
            }
        }
    }

    private func send(_ messages: [DeepgramFakeMessage], on outbound: WebSocketOutboundWriter) async throws {
        for message in messages {
            if message.isFinal, latency.sttFinal > .zero {
                try await Task.sleep(for: latency.sttFinal)
            }
            try await outbound.write(.text(try message.jsonText()))
        }
    }

    // MARK: - Pre-recorded listen

    private static let corrupt = "Bad Request: failed to process audio: corrupt or unsupported data"

    private func prerecorded(_ request: Request) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("dg-request-id")!] = requestID
        let contentType = request.headers[.contentType]
        let body = try await request.body.collect(upTo: 64 << 20)
        func answer(_ status: Int, _ json: String, transcript: String? = nil, container: String? = nil) -> Response {
            records.withLock {
                $0.clipRequests.append(DeepgramFakeClipRecord(
                    contentType: contentType, query: request.uri.query ?? "", bytes: body.readableBytes, container: container,
                    status: status, transcript: transcript))
            }
            return Self.error(status, json, headers)
        }
        func badRequest(_ message: String = Self.corrupt, container: String? = nil) -> Response {
            answer(400, #"{"err_code":"Bad Request","err_msg":"\#(message)","request_id":"\#(requestID)"}"#, container: container)
        }
        guard request.headers[.authorization] == "Token \(apiKey)" else {
            return answer(401, #"{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"\#(requestID)"}"#)
        }
        if let status = records.withLock({ $0.clipFailures.isEmpty ? nil : $0.clipFailures.removeFirst() }) {
            return answer(status, #"{"category":"INTERNAL_SERVER_ERROR","message":"Service unavailable.","request_id":"\#(requestID)"}"#)
        }
        let mediaType = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var duration: Double?
        var container: String?
        if mediaType == "application/json" {
            struct URLBody: Decodable { var url: String }
            guard let decoded = try? JSONDecoder().decode(URLBody.self, from: Data(body.readableBytesView)), URL(string: decoded.url) != nil else {
                return badRequest("Content-type was application/json, but we could not process the JSON payload.")
            }
        } else {
            // Any other body is audio, whatever its type says: the container is read from the bytes.
            guard body.readableBytes > 0, let inspected = DeepgramFakeClipCheck.inspect(body) else {
                return badRequest(container: DeepgramFakeClipCheck.magic(body))
            }
            container = inspected.container
            duration = inspected.duration
        }
        let text = script.withLock { $0.isEmpty ? "I have worked on this kind of system for several years." : $0.removeFirst() }
        let words: [[String: Any]] = text.split(separator: " ").enumerated().map { index, word in
            ["word": word.lowercased().trimmingCharacters(in: .punctuationCharacters), "start": Double(index) * 0.3,
             "end": Double(index + 1) * 0.3, "confidence": 0.98, "punctuated_word": String(word)]
        }
        let audioSeconds = duration ?? Double(words.count) * 0.3
        let digest = SHA256.hash(data: Data(body.readableBytesView)).map { String(format: "%02x", $0) }.joined()
        // Deepgram's pre-recorded answer (providers.md §1.1): `metadata`, then `results.channels[].alternatives[]`.
        let response: [String: Any] = [
            "metadata": [
                "transaction_key": "deprecated", "request_id": requestID, "sha256": digest, "created": "2026-11-27T10:00:00.000Z",
                "duration": audioSeconds, "channels": 1, "models": ["fake-model"],
                "model_info": ["fake-model": ["name": "general-nova-3", "version": "fake", "arch": "nova-3"]],
            ],
            "results": ["channels": [["alternatives": [["transcript": text, "confidence": 0.98, "words": words]]]]],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: response, options: [.sortedKeys]), as: UTF8.self)
        if latency.sttFinal > .zero { try await Task.sleep(for: latency.sttFinal) }
        return answer(200, json, transcript: text, container: container)
    }

    // MARK: - Speak

    private func speak(_ request: Request) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("dg-request-id")!] = requestID
        guard request.headers[.authorization] == "Token \(apiKey)" else {
            return Self.error(401, #"{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"\#(requestID)"}"#, headers)
        }
        let body = request.body
        let bytes = try await body.collect(upTo: 1 << 20)
        struct SpeakBody: Decodable { var text: String }
        guard let text = try? JSONDecoder().decode(SpeakBody.self, from: Data(bytes.readableBytesView)).text, !text.isEmpty else {
            return Self.error(400, #"{"err_code":"Bad Request","err_msg":"Missing text.","request_id":"\#(requestID)"}"#, headers)
        }
        let query = request.uri.query ?? ""
        let failing = records.withLock { records -> Bool in
            records.speakRequests.append(DeepgramFakeSpeakRecord(text: text, query: query))
            guard records.speakFailures > 0 else { return false }
            records.speakFailures -= 1
            return true
        }
        if failing {
            return Self.error(503, #"{"category":"INTERNAL_SERVER_ERROR","message":"Service unavailable.","request_id":"\#(requestID)"}"#, headers)
        }
        let parameters = request.uri.queryParameters
        let rate = parameters.get("sample_rate").flatMap { Int($0) } ?? 24_000
        let raw = parameters.get("container") == "none"
        let samples = Int(Double(text.count) * audioSecondsPerCharacter * Double(rate))
        headers[.contentType] = raw ? "audio/l16" : "audio/wav"
        headers[HTTPField.Name("dg-char-count")!] = String(text.count)
        let latency = self.latency
        let piece = rate / 10
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            if latency.ttsFirstByte > .zero { try await Task.sleep(for: latency.ttsFirstByte) }
            if !raw { try await writer.write(Self.wavHeader(samples: samples, rate: rate)) }
            var sent = 0
            while sent < samples {
                let count = min(piece, samples - sent)
                try await writer.write(FakeAudio.samples(count: count) { index in Int16(truncatingIfNeeded: ((sent + index) % 64) * 256 - 8192) })
                sent += count
                if (sent < samples) && (latency.ttsChunkInterval > .zero) { try await Task.sleep(for: latency.ttsChunkInterval) }
            }
            try await writer.finish(nil)
        })
    }

    static func error(_ status: Int, _ json: String, _ headers: HTTPFields) -> Response {
        Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    private static func wavHeader(samples: Int, rate: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        let dataBytes = UInt32(samples * 2)
        buffer.writeString("RIFF")
        buffer.writeInteger(36 + dataBytes, endianness: .little)
        buffer.writeString("WAVEfmt ")
        buffer.writeInteger(UInt32(16), endianness: .little)
        buffer.writeInteger(UInt16(1), endianness: .little)
        buffer.writeInteger(UInt16(1), endianness: .little)
        buffer.writeInteger(UInt32(rate), endianness: .little)
        buffer.writeInteger(UInt32(rate * 2), endianness: .little)
        buffer.writeInteger(UInt16(2), endianness: .little)
        buffer.writeInteger(UInt16(16), endianness: .little)
        buffer.writeString("data")
        buffer.writeInteger(dataBytes, endianness: .little)
        return buffer
    }
}
