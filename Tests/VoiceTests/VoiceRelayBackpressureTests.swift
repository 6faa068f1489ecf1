import API
import Foundation
import Hummingbird
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import ProviderFakes
import Testing
import Voice

@Suite("Voice relay backpressure", .serialized)
struct VoiceRelayBackpressureTests {
    static let message = 256 << 10
    /// 1 GiB in all. Even without the relay, the voice side's writes run ahead of the socket by a
    /// few hundred MiB before they wait (the writer queues while the event loop has not yet
    /// reported the channel unwritable; the payload is one shared buffer, so this costs little
    /// memory); a relay that read without waiting for its writes would let all of it through.
    static let messages = 4096

    @Test("a client that stops reading stops the voice side's writes; once it reads again every byte arrives")
    func slowClientSlowsTheVoiceSide() async throws {
        try await VoiceHarness.with { h in
            let written = Counter()
            try await Upstream.with(written: written) { upstreamPort in
                let backend = VoiceSocketBackend.forward(URL(string: "http://127.0.0.1:\(upstreamPort)")!)
                try await APIFront.with(h, backend: backend) { port in
                    let received = Counter()
                    let (resume, resumeSink) = AsyncStream.makeStream(of: Void.self)
                    let client = Task {
                        var configuration = WebSocketClientConfiguration()
                        configuration.maxFrameSize = 1 << 20
                        return try await WebSocketClient.connect(
                            url: "ws://127.0.0.1:\(port)/voice/interview/\(UUID().uuidString.lowercased())/ws?token=x",
                            configuration: configuration, logger: Logger(label: "slow-client", factory: { _ in SwiftLogNoOpLogHandler() })
                        ) { inbound, _, _ in
                            for await _ in resume { break }  // reads nothing until told to
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                if case .binary(let buffer) = message { received.add(buffer.readableBytes) }
                            }
                        }
                    }

                    // The voice side writes as fast as it is let; wait until it is held back.
                    let total = Self.message * Self.messages
                    var last = -1
                    var stableSince = ContinuousClock.now
                    let deadline = ContinuousClock.now + .seconds(60)
                    while ContinuousClock.now < deadline, written.value < total {
                        let now = written.value
                        if now != last {
                            last = now
                            stableSince = .now
                        } else if ContinuousClock.now - stableSince > .seconds(1), now > 0 {
                            break
                        }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    let held = written.value
                    #expect(held > 0)
                    #expect(held < total / 2, "the relay buffered \(held) bytes for a client that reads nothing")
                    #expect(received.value == 0)

                    resumeSink.yield()
                    let close = try await client.value
                    #expect(received.value == total)
                    #expect(close?.closeCode == .normalClosure)
                }
            }
        }
    }

    /// Bytes counted across tasks.
    final class Counter: Sendable {
        private let count = Mutex(0)
        func add(_ bytes: Int) { count.withLock { $0 += bytes } }
        var value: Int { count.withLock { $0 } }
    }

    /// A stand-in voice service that sends `messages` binary messages of `message` bytes as fast
    /// as its socket accepts them, counting what it wrote, then closes normally.
    enum Upstream {
        static func with(written: Counter, _ body: @Sendable (_ port: Int) async throws -> Void) async throws {
            let router = Router(context: BasicWebSocketRequestContext.self)
            router.ws("/voice/interview/:id/ws") { _, outbound, _ in
                let payload = ByteBuffer(repeating: 7, count: VoiceRelayBackpressureTests.message)
                for _ in 0..<VoiceRelayBackpressureTests.messages {
                    try await outbound.write(.binary(payload))
                    written.add(payload.readableBytes)
                }
            }
            let server = LoopbackServer()
            let url = try await server.start { onServerRunning in
                Application(
                    router: router,
                    server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 1 << 20))),
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: onServerRunning,
                    logger: Logger(label: "upstream", factory: { _ in SwiftLogNoOpLogHandler() }))
            }
            do {
                try await body(url.port ?? 0)
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }
}
