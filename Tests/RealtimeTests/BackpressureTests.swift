import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Realtime
import Testing



@Suite struct BackpressureTests {
    @Test func aClientFloodingASlowHandlerIsDropped() async throws {
        var configuration = TestHarness.fastConfiguration
        configuration.pingInterval = .seconds(5)
        configuration.maxPendingEvents = 3
        let realtime = RealtimeServer<String>(
            configuration: configuration,
            logger: TestHarness.logger,
            authenticate: { _ in "anyone" },
            onEvent: { _, _ in try? await Task.sleep(for: .seconds(1)) }
        )
        try await TestHarness.withServer(realtime) { realtime, client in
            var polling = PollingClient(client: client)
            _ = try await polling.handshake()
            _ = try await polling.send("40")
            _ = try await polling.poll { $0.hasPrefix("40") }
            #expect(realtime.socketCount == 1)
            let flood = Array(repeating: #"42["spam"]"#, count: 10).joined(separator: "\u{1E}")
            #expect(try await polling.send(flood).0 == .ok)
            #expect(try await polling.poll() == (.ok, ["1"]))
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 0 && realtime.socketCount == 0 }
        }
    }

    @Test func aWebSocketClientThatStopsReadingIsDropped() async throws {
        var configuration = TestHarness.fastConfiguration
        configuration.pingInterval = .seconds(30)
        configuration.pingTimeout = .seconds(30)
        configuration.maxBufferedPackets = 16
        try await TestHarness.withServer(configuration: configuration) { realtime, client in
            let port = try #require(client.port)
            let ready = AsyncStream.makeStream(of: Void.self)
            let connection = Task {
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/socket.io/?EIO=4&transport=websocket",
                    configuration: .init(maxFrameSize: 1 << 20),
                    logger: TestHarness.logger
                ) { inbound, outbound, _ in
                    var iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                    _ = try await iterator.next()
                    try await outbound.write(.text(#"40{"token":"alice-token"}"#))
                    _ = try await iterator.next()
                    try await outbound.write(.text(#"42["join:recruiter","alice"]"#))
                    ready.continuation.yield()
                    // Stop reading until the server gives up on us.
                    try await Task.sleep(for: .seconds(20))
                }
            }
            var readyIterator = ready.stream.makeAsyncIterator()
            _ = await readyIterator.next()
            try await PollingTransportTests.waitUntil { !realtime.sockets(inRoom: "recruiter:alice").isEmpty }
            let chunk = JSONValue.string(String(repeating: "x", count: 64 * 1024))
            var sent = 0
            while realtime.sessionCount > 0, sent < 5_000 {
                realtime.emit(toRoom: "recruiter:alice", event: "bulk", chunk)
                sent += 1
                if sent % 50 == 0 { try await Task.sleep(for: .milliseconds(5)) }
            }
            try await PollingTransportTests.waitUntil(timeout: .seconds(10)) { realtime.sessionCount == 0 }
            #expect(sent < 5_000)
            #expect(sent > 16)
            connection.cancel()
            _ = try? await connection.value
        }
    }
}
