import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
public import NIOCore
import NIOWebSocket

/// A candidate's client scripted over a real WebSocket: sends audio and control frames, records
/// every event and audio frame with its arrival time, and reports how the socket closed.
public final class ScriptedCandidate: Sendable {
    private enum Outgoing: Sendable {
        case text(String)
        case binary(ByteBuffer)
        case close
    }

    private struct Record {
        var events: [CandidateEvent] = []
        var audio: [(at: ContinuousClock.Instant, bytes: Int)] = []
        var closeCode: Int?
        var closeReason: String?
        var closed = false
        var opened = false
        var failure: String?
    }

    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let record = FakeLocked(Record())
    private let task: FakeLocked<Task<Void, Never>?> = FakeLocked(nil)

    /// Connects to `url` (e.g. `ws://127.0.0.1:3001/voice/interview/<id>/ws?token=…`).
    public init(url: String) {
        let (stream, outgoing) = AsyncStream.makeStream(of: Outgoing.self)
        self.outgoing = outgoing
        let record = self.record
        let started = Task {
            do {
                var configuration = WebSocketClientConfiguration()
                configuration.maxFrameSize = 1 << 20
                let close = try await WebSocketClient.connect(
                    url: url, configuration: configuration,
                    logger: Logger(label: "candidate", factory: { _ in SwiftLogNoOpLogHandler() })
                ) { inbound, outbound, _ in
                    record.withLock { $0.opened = true }
                    let writer = Task {
                        for await item in stream {
                            switch item {
                            case .text(let text): try? await outbound.write(.text(text))
                            case .binary(let buffer): try? await outbound.write(.binary(buffer))
                            case .close:
                                try? await outbound.close(.normalClosure, reason: nil)
                                return
                            }
                        }
                    }
                    defer { writer.cancel() }
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        let now = ContinuousClock.now
                        switch message {
                        case .text(let text):
                            if let event = CandidateEvent(text, at: now) { record.withLock { $0.events.append(event) } }
                        case .binary(let buffer):
                            record.withLock { $0.audio.append((now, buffer.readableBytes)) }
                        }
                    }
                }
                record.withLock {
                    $0.closeCode = close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }
                    $0.closeReason = close?.reason
                }
            } catch {
                record.withLock { $0.failure = "\(error)" }
            }
            record.withLock { $0.closed = true }
        }
        task.withLock { $0 = started }
    }

    /// Every event so far.
    public var events: [CandidateEvent] { record.value.events }
    /// Events of `type`.
    public func events(_ type: String) -> [CandidateEvent] { events.filter { $0.type == type } }
    /// Total interviewer audio received, in bytes.
    public var audioBytes: Int { record.value.audio.reduce(0) { $0 + $1.bytes } }
    /// Arrival of the first audio frame after `instant`.
    public func firstAudio(after instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        record.value.audio.first { $0.at > instant }?.at
    }
    /// Arrival of the last audio frame.
    public var lastAudioAt: ContinuousClock.Instant? { record.value.audio.last?.at }
    /// The close code the server sent (after the socket closed).
    public var closeCode: Int? { record.value.closeCode }
    /// The close reason the server sent (after the socket closed).
    public var closeReason: String? { record.value.closeReason }
    /// Whether the socket is closed.
    public var isClosed: Bool { record.value.closed }
    /// The connection failure, if the upgrade failed.
    public var failure: String? { record.value.failure }

    /// Sends a text frame.
    public func send(text: String) {
        outgoing.yield(.text(text))
    }

    /// Sends a binary frame.
    public func send(binary: ByteBuffer) {
        outgoing.yield(.binary(binary))
    }

    /// Sends `speech` seconds of voice then `silence` seconds of silence in 20 ms frames of 16 kHz
    /// linear16, `speed` times faster than real time; returns when the last voiced frame was sent.
    @discardableResult
    public func speak(_ speech: Double, silence: Double, speed: Double = 1) async -> ContinuousClock.Instant {
        let frame = 0.02
        var endOfSpeech = ContinuousClock.now
        var elapsed = 0.0
        let start = ContinuousClock.now
        func pace() async {
            elapsed += frame
            let due = start + .milliseconds(Int64(elapsed / speed * 1000))
            if due > .now { try? await Task.sleep(until: due, clock: .continuous) }
        }
        for _ in 0..<Int((speech / frame).rounded()) {
            send(binary: FakeAudio.speech(seconds: frame))
            await pace()
        }
        endOfSpeech = .now
        for _ in 0..<Int((silence / frame).rounded()) {
            send(binary: FakeAudio.silence(seconds: frame))
            await pace()
        }
        return endOfSpeech
    }

    /// Waits until `condition` holds (polling every 5 ms); `false` on time-out.
    @discardableResult
    public func wait(timeout: Duration = .seconds(10), until condition: (ScriptedCandidate) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(self)
    }

    /// Waits for `count` events of `type`.
    @discardableResult
    public func wait(for type: String, count: Int = 1, timeout: Duration = .seconds(30)) async -> Bool {
        await wait(timeout: timeout) { $0.events(type).count >= count }
    }

    /// Closes the socket.
    public func close() {
        outgoing.yield(.close)
    }

    /// Waits until the socket closed (or `timeout`).
    @discardableResult
    public func waitClosed(timeout: Duration = .seconds(30)) async -> Bool {
        await wait(timeout: timeout) { $0.isClosed }
    }
}
