import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Realtime
import Testing



@Suite struct WebSocketTransportTests {
    /// Reads text messages from a client WebSocket, skipping nothing.
    struct Reader {
        var iterator: WebSocketInboundMessageStream.AsyncIterator

        /// The next text message, or `nil` once the server closed.
        mutating func next() async throws -> String? {
            while let message = try await iterator.next() {
                if case .text(let text) = message { return text }
            }
            return nil
        }

        /// The next text message that is not a ping (pings are answered).
        mutating func nextIgnoringPings(_ outbound: WebSocketOutboundWriter) async throws -> String? {
            while let text = try await next() {
                if text == "2" {
                    try await outbound.write(.text("3"))
                    continue
                }
                return text
            }
            return nil
        }
    }

    static func connect(
        port: Int?,
        query: String = "",
        headers: HTTPFields = [:],
        _ script: @escaping @Sendable (inout Reader, WebSocketOutboundWriter) async throws -> Void
    ) async throws -> WebSocketCloseFrame? {
        let port = try #require(port)
        return try await TestHarness.withTimeout {
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/socket.io/?EIO=4&transport=websocket\(query)",
                configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers),
                logger: TestHarness.logger
            ) { inbound, outbound, _ in
                var reader = Reader(iterator: inbound.messages(maxSize: 1 << 20).makeAsyncIterator())
                try await script(&reader, outbound)
            }
        }
    }

    @Test func webSocketOnlySessionsConnectJoinAndReceive() async throws {
        try await TestHarness.withServer { realtime, client in
            _ = try await Self.connect(port: client.port) { reader, outbound in
                let open = try #require(try await reader.next())
                #expect(open.hasPrefix("0{"))
                let handshake = try JSONValue(parsing: String(open.dropFirst()))
                #expect(handshake["upgrades"] == [])
                #expect(handshake["pingInterval"] == 1000)

                try await outbound.write(.text(#"40{"token":"alice-token"}"#))
                let connected = try #require(try await reader.nextIgnoringPings(outbound))
                #expect(connected.hasPrefix(#"40{"sid":""#))

                try await outbound.write(.text(#"425["join:recruiter","alice"]"#))
                #expect(try await reader.nextIgnoringPings(outbound) == #"435[{"ok":true,"room":"recruiter:alice"}]"#)

                #expect(realtime.emit(toRoom: "recruiter:alice", event: "interview:update", ["status": "done"], 2) == 1)
                #expect(try await reader.nextIgnoringPings(outbound) == #"42["interview:update",{"status":"done"},2]"#)

                // The server pings within pingInterval; answering keeps the session.
                #expect(try await reader.next() == "2")
                try await outbound.write(.text("3"))
                #expect(try await reader.next() == "2")
                try await outbound.write(.text("3"))
                #expect(realtime.sessionCount == 1)

                // A server → client event with an ack id, answered by the client.
                try await outbound.write(.text(#"42["ask:client","q"]"#))
                let question = try #require(try await reader.nextIgnoringPings(outbound))
                #expect(question == #"420["question","q"]"#)
                try await outbound.write(.text(#"430[{"answer":1}]"#))

                try await outbound.write(.text("41"))
                try await outbound.write(.text("1"))
                #expect(try await reader.next() == nil)
            }
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 0 && realtime.socketCount == 0 }
        }
    }

    @Test func oversizedMessagesCloseTheConnection() async throws {
        var configuration = TestHarness.fastConfiguration
        configuration.maxPayload = 64
        try await TestHarness.withServer(configuration: configuration) { realtime, client in
            let close = try await Self.connect(port: client.port) { reader, outbound in
                _ = try await reader.next()
                try await outbound.write(.text("4" + String(repeating: "x", count: 100)))
                while try await reader.next() != nil {}
            }
            #expect(close?.closeCode == .messageTooLarge)
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 0 }
        }
    }

    @Test func malformedPacketsCloseTheConnection() async throws {
        try await TestHarness.withServer { realtime, client in
            let close = try await Self.connect(port: client.port) { reader, outbound in
                _ = try await reader.next()
                try await outbound.write(.text("9nonsense"))
                while try await reader.next() != nil {}
            }
            #expect(close?.closeCode == .protocolError)
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 0 }
        }
    }

    @Test func invalidUTF8AndBinaryMessagesCloseTheConnection() async throws {
        try await TestHarness.withServer { realtime, client in
            let invalidText = try await Self.connect(port: client.port) { reader, outbound in
                _ = try await reader.next()
                try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: [0x34, 0xFF, 0xFE]))))
                while try await reader.next() != nil {}
            }
            #expect(invalidText?.closeCode == .protocolError)
            let binary = try await Self.connect(port: client.port) { reader, outbound in
                _ = try await reader.next()
                try await outbound.write(.text(#"40{"token":"alice-token"}"#))
                _ = try await reader.nextIgnoringPings(outbound)
                try await outbound.write(.binary(ByteBuffer(bytes: [1, 2, 3])))
                while try await reader.next() != nil {}
            }
            #expect(binary?.closeCode == .protocolError)
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 0 }
        }
    }

    /// The close frame of a protocol violation is never lost to the race between the reader
    /// ending the connection and the writer sending that frame: many violating connections in a
    /// row (concurrently, so a busy machine interleaves them), each must get 1002 promptly.
    @Test func everyViolationGetsItsCloseFrame() async throws {
        try await TestHarness.withServer { realtime, client in
            let codes = try await withThrowingTaskGroup(of: WebSocketErrorCode?.self) { group in
                for _ in 0..<60 {
                    group.addTask {
                        let frame = try await Self.connect(port: client.port) { reader, outbound in
                            _ = try await reader.next()
                            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: [0x34, 0xFF]))))
                            while try await reader.next() != nil {}
                        }
                        return frame?.closeCode
                    }
                }
                var codes: [WebSocketErrorCode?] = []
                for try await code in group { codes.append(code) }
                return codes
            }
            #expect(codes.count == 60)
            #expect(codes.allSatisfy { $0 == .protocolError }, "close codes: \(codes)")
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 0 }
        }
    }

    @Test func silentClientsAreDroppedAfterPingTimeout() async throws {
        try await TestHarness.withServer { realtime, client in
            let started = ContinuousClock.now
            _ = try await Self.connect(port: client.port) { reader, _ in
                var received: [String] = []
                while let text = try await reader.next() {
                    received.append(text)
                }
                #expect(received.count == 2)
                #expect(received.last == "2")
            }
            // One ping after 300 ms, then 200 ms without a pong.
            #expect(ContinuousClock.now - started >= .milliseconds(450))
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 0 }
        }
    }

    @Test func pollingSessionsUpgradeToWebSocket() async throws {
        try await TestHarness.withServer { realtime, client in
            var polling = PollingClient(client: client)
            let open = try await polling.handshake()
            #expect(open["upgrades"] == ["websocket"])
            _ = try await polling.send(#"40{"token":"alice-token"}"#)
            _ = try await polling.poll { $0.hasPrefix("40") }
            _ = try await polling.send(#"42["join:recruiter","alice"]"#)
            try await PollingTransportTests.waitUntil { !realtime.sockets(inRoom: "recruiter:alice").isEmpty }

            // A GET stays parked while the client probes the WebSocket.
            let upgraded = polling
            let parked = Task { try await upgraded.poll() }
            try await Task.sleep(for: .milliseconds(50))
            _ = try await Self.connect(port: client.port, query: "&sid=\(upgraded.sid)") { reader, outbound in
                try await outbound.write(.text("2probe"))
                #expect(try await reader.next() == "3probe")
                // The probe releases the parked GET with a noop.
                let (status, packets) = try await parked.value
                #expect(status == .ok)
                #expect(packets == ["6"] || packets == ["2"])
                // Events emitted during the upgrade wait for it.
                #expect(realtime.emit(toRoom: "recruiter:alice", event: "during", 1) == 1)
                try await outbound.write(.text("5"))
                #expect(try await reader.nextIgnoringPings(outbound) == #"42["during",1]"#)
                #expect(realtime.emit(toRoom: "recruiter:alice", event: "after", 2) == 1)
                #expect(try await reader.nextIgnoringPings(outbound) == #"42["after",2]"#)
                // Polling is over for this session.
                #expect(try await upgraded.poll().0 == .badRequest)
                try await outbound.write(.text("1"))
                #expect(try await reader.nextIgnoringPings(outbound) == nil)
            }
            try await PollingTransportTests.waitUntil { realtime.sessionCount == 0 }
        }
    }

    @Test func upgradesForUnknownSessionsAreRefused() async throws {
        try await TestHarness.withServer { _, client in
            await #expect(throws: (any Error).self) {
                _ = try await Self.connect(port: client.port, query: "&sid=unknown") { _, _ in }
            }
            return ()
        }
    }

    @Test func webSocketsFromForeignOriginsAreRefused() async throws {
        // The test client always sends `Origin: ws://127.0.0.1` (its own URL's origin).
        var configuration = TestHarness.fastConfiguration
        configuration.originPolicy = RealtimeOriginPolicy(allowedOrigins: ["http://localhost:5173"])
        try await TestHarness.withServer(configuration: configuration) { _, client in
            await #expect(throws: (any Error).self) {
                _ = try await Self.connect(port: client.port) { _, _ in }
            }
            return ()
        }
        configuration.originPolicy = RealtimeOriginPolicy(allowedOrigins: ["http://localhost:5173", "ws://127.0.0.1"])
        try await TestHarness.withServer(configuration: configuration) { _, client in
            _ = try await Self.connect(port: client.port) { reader, _ in
                let open = try await reader.next()
                #expect(open?.hasPrefix("0{") == true)
            }
        }
    }

    @Test func shutdownClosesWebSockets() async throws {
        try await TestHarness.withServer { realtime, client in
            let close = try await Self.connect(port: client.port) { reader, outbound in
                _ = try await reader.next()
                try await outbound.write(.text(#"40{"token":"bob-token"}"#))
                _ = try await reader.nextIgnoringPings(outbound)
                await realtime.shutdown()
                var rest: [String] = []
                while let text = try await reader.next() { rest.append(text) }
                #expect(rest.last == "1")
            }
            #expect(close?.closeCode == .goingAway)
            #expect(realtime.sessionCount == 0)
        }
    }
}
