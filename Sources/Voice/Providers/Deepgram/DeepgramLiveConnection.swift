import Foundation
import HTTPTypes
import HummingbirdWSClient
public import Logging
public import NIOCore
import NIOWebSocket

/// One Deepgram live transcription socket (`wss://api.deepgram.com/v1/listen`, providers.md §1.2).
///
/// Connects in the background as soon as it is created; audio and control messages sent before
/// the socket opens are queued (the newest 500 frames). While no audio flows it sends
/// `KeepAlive` every `keepAliveInterval` so the server does not close it (`NET-0001`). Empty
/// audio frames are never sent. Everything the server says arrives on ``events``, ending with one
/// ``SpeechToTextEvent/closed(close:error:expected:)``.
public final class DeepgramLiveConnection: Sendable {
    private enum Outgoing: Sendable {
        case audio(ByteBuffer)
        case control(DeepgramLiveControlMessage)
    }

    /// Server messages and the socket's life cycle.
    public let events: AsyncStream<SpeechToTextEvent>
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let closing = Locked(false)
    private let task = Locked<Task<Void, Never>?>(nil)

    /// Opens a socket to `url` (built with ``DeepgramLiveOptions/url(base:)``) authenticated with
    /// `Authorization: Token <apiKey>`.
    public init(url: String, apiKey: String, keepAliveInterval: Duration, logger: Logger) {
        let (events, eventSink) = AsyncStream.makeStream(of: SpeechToTextEvent.self)
        let (outgoingStream, outgoing) = AsyncStream.makeStream(of: Outgoing.self, bufferingPolicy: .bufferingNewest(500))
        self.events = events
        self.outgoing = outgoing
        let lastSent = Locked(ContinuousClock.now)
        var configuration = WebSocketClientConfiguration()
        configuration.additionalHeaders[.authorization] = "Token \(apiKey)"
        configuration.maxFrameSize = 1 << 20
        let closing = self.closing
        let started = Task {
            var failure: String?
            var closeFrame: WebSocketCloseFrame?
            do {
                closeFrame = try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                    eventSink.yield(.opened)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await item in outgoingStream {
                                switch item {
                                case .audio(let buffer):
                                    guard buffer.readableBytes > 0 else { continue }
                                    try await outbound.write(.binary(buffer))
                                case .control(let message):
                                    try await outbound.write(.text(message.jsonText))
                                }
                                lastSent.withLock { $0 = .now }
                            }
                        }
                        group.addTask {
                            while true {
                                try await Task.sleep(for: keepAliveInterval / 4)
                                let idle = lastSent.withLock { ContinuousClock.now - $0 }
                                if idle >= keepAliveInterval {
                                    try await outbound.write(.text(DeepgramLiveControlMessage.keepAlive.jsonText))
                                    lastSent.withLock { $0 = .now }
                                }
                            }
                        }
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            guard let decoded = try? DeepgramLiveServerMessage.decode(text: text) else {
                                logger.debug("undecodable Deepgram message", metadata: ["text": "\(text.prefix(200))"])
                                continue
                            }
                            eventSink.yield(.message(decoded))
                        }
                        group.cancelAll()
                    }
                }
            } catch is CancellationError {
                failure = "cancelled"
            } catch {
                failure = "\(error)"
            }
            let close = closeFrame.map { DeepgramLiveClose(code: Int(UInt16(webSocketErrorCode: $0.closeCode)), reason: $0.reason ?? "") }
            eventSink.yield(.closed(close: close, error: failure, expected: closing.withLock { $0 }))
            eventSink.finish()
        }
        task.withLock { $0 = started }
    }

    /// Sends raw audio (ignored when empty).
    public func send(audio: ByteBuffer) {
        guard audio.readableBytes > 0 else { return }
        outgoing.yield(.audio(audio))
    }

    /// Asks the server to transcribe the buffered audio now (`Finalize`).
    public func finalize() {
        outgoing.yield(.control(.finalize))
    }

    /// Ends the stream gracefully (`CloseStream`): the server sends its last results and closes.
    /// The socket is dropped if it has not closed after `timeout`.
    public func close(timeout: Duration = .seconds(2)) {
        closing.withLock { $0 = true }
        outgoing.yield(.control(.closeStream))
        let task = self.task.withLock { $0 }
        Task {
            try? await Task.sleep(for: timeout)
            task?.cancel()
        }
    }

    /// Drops the socket at once.
    public func cancel() {
        closing.withLock { $0 = true }
        outgoing.finish()
        task.withLock { $0 }?.cancel()
    }
}
