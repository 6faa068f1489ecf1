import Foundation
import HTTPTypes
import Realtime
import Testing

/// `RealtimeServer.disconnectSockets(_:where:)`: the application ends the sockets it picks
/// (those a revoked credential authenticated), either for good or so the client reconnects.
@Suite struct ForcedDisconnectTests {
    /// A polling client connected as `token`; returns it with its socket id.
    static func connect(_ token: String, client: PollingClient) async throws -> (PollingClient, String) {
        var polling = client
        _ = try await polling.handshake()
        #expect(try await polling.send(#"40{"token":"\#(token)"}"#) == (.ok, "ok"))
        let connected = try await polling.poll { $0.hasPrefix("40") }
        let socketID = try #require(try JSONValue(parsing: String(connected.dropFirst(2)))["sid"]?.stringValue)
        return (polling, socketID)
    }

    /// Polls until the session answers with a `close` packet; returns every packet seen before it.
    static func packetsUntilClose(_ polling: PollingClient) async throws -> [String] {
        var seen: [String] = []
        for _ in 0..<20 {
            let (status, packets) = try await polling.poll()
            guard status == .ok else { return seen + ["HTTP \(status.code)"] }
            for packet in packets {
                if packet == "1" { return seen + ["1"] }
                if packet == "2" { _ = try await polling.send("3") } else { seen.append(packet) }
            }
        }
        return seen
    }

    @Test func aFinalDisconnectSendsDisconnectThenClosesOnlyThePickedSockets() async throws {
        let quiet = RealtimeConfiguration(pingInterval: .seconds(30), pingTimeout: .seconds(30))
        try await TestHarness.withServer(configuration: quiet) { realtime, client in
            let (alice, aliceSocket) = try await Self.connect("alice-token", client: PollingClient(client: client))
            let (bob, bobSocket) = try await Self.connect("bob-token", client: PollingClient(client: client))
            #expect(realtime.socketCount == 2)

            let count = realtime.disconnectSockets(.final) { $0.principal.id == "alice" }
            #expect(count == 1)
            #expect(try await Self.packetsUntilClose(alice) == ["41", "1"])
            #expect(realtime.socket(id: aliceSocket) == nil)
            // Bob's socket is untouched and still receives events.
            #expect(realtime.socket(id: bobSocket)?.isConnected == true)
            #expect(realtime.emit(toSocket: bobSocket, event: "still", "here"))
            #expect(try await bob.poll { $0.hasPrefix("42") } == #"42["still","here"]"#)
            #expect(realtime.disconnectSockets { $0.principal.id == "nobody" } == 0)
        }
    }

    @Test func aReconnectingDisconnectClosesTheConnectionWithoutDisconnect() async throws {
        let quiet = RealtimeConfiguration(pingInterval: .seconds(30), pingTimeout: .seconds(30))
        try await TestHarness.withServer(configuration: quiet) { realtime, client in
            let (alice, aliceSocket) = try await Self.connect("alice-token", client: PollingClient(client: client))
            #expect(realtime.disconnectSockets(.reconnect) { $0.id == aliceSocket } == 1)
            // Only the Engine.IO close: a Socket.IO client treats it as a transport close and reconnects.
            #expect(try await Self.packetsUntilClose(alice) == ["1"])
            #expect(realtime.socket(id: aliceSocket) == nil)
            // Reconnecting works as for any new client.
            let (_, again) = try await Self.connect("alice-token", client: PollingClient(client: client))
            #expect(realtime.socket(id: again)?.principal.id == "alice")
        }
    }
}
