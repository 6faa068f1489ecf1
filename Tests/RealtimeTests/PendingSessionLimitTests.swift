import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Realtime
import Testing

/// `maxPendingSessionsPerAddress`: handshakes that never join a namespace are capped per client
/// address, with a clear refusal, and the cap frees up as sessions join or close.
@Suite struct PendingSessionLimitTests {
    static var limited: RealtimeConfiguration {
        var configuration = TestHarness.fastConfiguration
        configuration.maxPendingSessionsPerAddress = 2
        return configuration
    }

    @Test func pollingHandshakesBeyondThePerAddressCapAreRefused() async throws {
        try await TestHarness.withServer(configuration: Self.limited) { realtime, client in
            let address: HTTPFields = [TestHarness.testAddressHeader: "203.0.113.7"]
            var first = PollingClient(client: client, headers: address)
            var second = PollingClient(client: client, headers: address)
            _ = try await first.handshake()
            _ = try await second.handshake()

            let third = PollingClient(client: client, headers: address)
            let (status, _, body) = try await third.request("/socket.io/?EIO=4&transport=polling&t=1")
            #expect(status == .tooManyRequests)
            #expect(body.contains("Too many connections from this address"))
            // Another address is not affected.
            var other = PollingClient(client: client, headers: [TestHarness.testAddressHeader: "198.51.100.9"])
            _ = try await other.handshake()

            // A session that joins the namespace no longer counts: the next handshake passes.
            _ = try await first.send(#"40{"token":"alice-token"}"#)
            _ = try await first.poll(until: { $0.hasPrefix("40{") })
            var fourth = PollingClient(client: client, headers: address)
            _ = try await fourth.handshake()
            // Full again; a closed session frees its place.
            let (again, _, _) = try await third.request("/socket.io/?EIO=4&transport=polling&t=2")
            #expect(again == .tooManyRequests)
            _ = try await second.send("1")
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 3 }
            var fifth = PollingClient(client: client, headers: address)
            _ = try await fifth.handshake()
        }
    }

    @Test func webSocketHandshakesBeyondTheCapAreRefusedBeforeTheUpgrade() async throws {
        try await TestHarness.withServer(configuration: Self.limited) { realtime, client in
            let address: HTTPFields = [TestHarness.testAddressHeader: "203.0.113.8"]
            var first = PollingClient(client: client, headers: address)
            var second = PollingClient(client: client, headers: address)
            _ = try await first.handshake()
            _ = try await second.handshake()
            // The upgrade is answered 429 (the polling test reads its body): the client never
            // gets a WebSocket, and no session is opened.
            await #expect(throws: (any Error).self) {
                _ = try await WebSocketTransportTests.connect(port: client.port, headers: address) { _, _ in }
            }
            #expect(realtime.sessionCount == 2)
            // Another address still connects over WebSocket.
            _ = try await WebSocketTransportTests.connect(port: client.port, headers: [TestHarness.testAddressHeader: "198.51.100.1"]) { reader, _ in
                let open = try await reader.next()
                #expect(open?.hasPrefix("0{") == true)
            }
        }
    }
}
