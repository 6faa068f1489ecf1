import Foundation
import Hummingbird
import HummingbirdTesting
import Realtime
import Testing



@Suite struct PollingTransportTests {
    @Test func handshakeAdvertisesTheUpgradeAndTheLimits() async throws {
        try await TestHarness.withServer { _, client in
            var polling = PollingClient(client: client)
            let open = try await polling.handshake()
            #expect(open["upgrades"] == ["websocket"])
            #expect(open["pingInterval"] == 1000)
            #expect(open["pingTimeout"] == 3000)
            #expect(open["maxPayload"] == 1_000_000)
            #expect(polling.sid.count == 20)
            // Both spellings of the path work.
            let (status, headers, body) = try await polling.request("/socket.io?EIO=4&transport=polling")
            #expect(status == .ok)
            #expect(headers[.contentType] == "text/plain; charset=UTF-8")
            #expect(body.hasPrefix("0{"))
        }
    }

    @Test func invalidRequestsGetEngineIOErrors() async throws {
        try await TestHarness.withServer { _, client in
            let polling = PollingClient(client: client)
            let cases: [(String, HTTPRequest.Method, HTTPResponse.Status, String)] = [
                ("/socket.io/?transport=polling", .get, .badRequest, #"{"code":5,"message":"Unsupported protocol version"}"#),
                ("/socket.io/?EIO=3&transport=polling", .get, .badRequest, #"{"code":5,"message":"Unsupported protocol version"}"#),
                ("/socket.io/?EIO=4", .get, .badRequest, #"{"code":0,"message":"Transport unknown"}"#),
                ("/socket.io/?EIO=4&transport=flash", .get, .badRequest, #"{"code":0,"message":"Transport unknown"}"#),
                ("/socket.io/?EIO=4&transport=polling&sid=nope", .get, .badRequest, #"{"code":1,"message":"Session ID unknown"}"#),
                ("/socket.io/?EIO=4&transport=polling&sid=nope", .post, .badRequest, #"{"code":1,"message":"Session ID unknown"}"#),
                ("/socket.io/?EIO=4&transport=polling", .post, .badRequest, #"{"code":2,"message":"Bad handshake method"}"#),
                ("/socket.io/?EIO=4&transport=websocket", .get, .badRequest, #"{"code":3,"message":"Bad request"}"#),
            ]
            for (uri, method, expectedStatus, expectedBody) in cases {
                let (status, _, body) = try await polling.request(uri, method: method, body: method == .post ? "40" : nil)
                #expect(status == expectedStatus, "\(method) \(uri)")
                #expect(body == expectedBody, "\(method) \(uri)")
            }
        }
    }

    @Test func connectsAuthenticatesJoinsAndReceivesRoomEvents() async throws {
        try await TestHarness.withServer { realtime, client in
            var polling = PollingClient(client: client)
            _ = try await polling.handshake()
            #expect(try await polling.send(#"40{"token":"alice-token"}"#) == (.ok, "ok"))
            let connected = try await polling.poll { $0.hasPrefix("40") }
            let socketID = try JSONValue(parsing: String(connected.dropFirst(2)))["sid"]?.stringValue
            #expect(socketID?.count == 20)
            #expect(socketID != polling.sid)

            #expect(try await polling.send(#"421["join:recruiter","alice"]"#).0 == .ok)
            let ack = try await polling.poll { $0.hasPrefix("431") }
            #expect(ack == #"431[{"ok":true,"room":"recruiter:alice"}]"#)

            #expect(realtime.emit(toRoom: "recruiter:alice", event: "application:new", ["id": "7"]) == 1)
            #expect(realtime.emit(toRoom: "recruiter:bob", event: "application:new", ["id": "8"]) == 0)
            let event = try await polling.poll { $0.hasPrefix("42") }
            #expect(event == #"42["application:new",{"id":"7"}]"#)

            // Someone else's room: an error event and no membership.
            #expect(try await polling.send(#"42["join:recruiter","bob"]"#).0 == .ok)
            let error = try await polling.poll { $0.hasPrefix("42") }
            #expect(error == #"42["error",{"message":"Forbidden: cannot join recruiter:bob"}]"#)
            if let socketID {
                #expect(realtime.socket(id: socketID)?.rooms == [socketID, "recruiter:alice"])
            }

            // Leaving the namespace and closing clean everything up.
            #expect(try await polling.send("41\u{1E}1").0 == .ok)
            try await Self.waitUntil { realtime.sessionCount == 0 && realtime.socketCount == 0 }
            #expect(realtime.sockets(inRoom: "recruiter:alice").isEmpty)
        }
    }

    @Test func aBadTokenGetsConnectError() async throws {
        try await TestHarness.withServer { realtime, client in
            var polling = PollingClient(client: client)
            _ = try await polling.handshake()
            _ = try await polling.send(#"40{"token":"nope"}"#)
            #expect(try await polling.poll { $0.hasPrefix("44") } == #"44{"message":"Not authorized"}"#)
            _ = try await polling.send(#"40/admin,{"token":"alice-token"}"#)
            #expect(try await polling.poll { $0.hasPrefix("44") } == #"44/admin,{"message":"Invalid namespace"}"#)
            #expect(realtime.socketCount == 0)
        }
    }

    @Test func aSecondConcurrentPollClosesTheSession() async throws {
        // No heartbeat may interleave with the packets this test expects, however slow the machine.
        let quiet = RealtimeConfiguration(pingInterval: .seconds(30), pingTimeout: .seconds(30))
        try await TestHarness.withServer(configuration: quiet) { realtime, client in
            var polling = PollingClient(client: client)
            _ = try await polling.handshake()
            let first = Task { [polling] in try await polling.poll() }
            try await Task.sleep(for: .milliseconds(100))
            let (status, body) = try await polling.poll()
            #expect(status == .badRequest)
            #expect(body == [#"{"code":3,"message":"Bad request"}"#])
            let (firstStatus, firstPackets) = try await first.value
            #expect(firstStatus == .ok)
            #expect(firstPackets == ["1"])
            #expect(realtime.sessionCount == 0)
        }
    }

    @Test func anOversizedPostIsRefusedAndClosesTheSession() async throws {
        var configuration = TestHarness.fastConfiguration
        configuration.maxPayload = 64
        try await TestHarness.withServer(configuration: configuration) { realtime, client in
            var polling = PollingClient(client: client)
            let open = try await polling.handshake()
            #expect(open["maxPayload"] == 64)
            let (status, _) = try await polling.send("42[\"x\",\"" + String(repeating: "a", count: 100) + "\"]")
            #expect(status == .contentTooLarge)
            #expect(try await polling.poll() == (.ok, ["1"]))
            #expect(realtime.sessionCount == 0)
        }
    }

    @Test func malformedPacketsCloseTheSession() async throws {
        try await TestHarness.withServer { realtime, client in
            var polling = PollingClient(client: client)
            _ = try await polling.handshake()
            // Engine.IO level: unknown packet type.
            #expect(try await polling.send("9").0 == .badRequest)
            #expect(try await polling.poll() == (.ok, ["1"]))
            #expect(realtime.sessionCount == 0)

            _ = try await polling.handshake()
            // Socket.IO level: an event before CONNECT, then a malformed event after it.
            #expect(try await polling.send(#"42["early"]"#).0 == .ok)
            #expect(try await polling.poll() == (.ok, ["1"]))
            #expect(realtime.sessionCount == 0)

            _ = try await polling.handshake()
            _ = try await polling.send(#"40{"token":"alice-token"}"#)
            _ = try await polling.poll { $0.hasPrefix("40") }
            _ = try await polling.send(#"42{"not":"an array"}"#)
            #expect(try await polling.poll().1 == ["1"])
            #expect(realtime.sessionCount == 0)
        }
    }

    @Test func heartbeatsKeepAnsweringClientsAliveAndDropSilentOnes() async throws {
        try await TestHarness.withServer { realtime, client in
            var polling = PollingClient(client: client)
            _ = try await polling.handshake()
            for _ in 0..<3 {
                let (status, packets) = try await polling.poll()
                #expect(status == .ok)
                #expect(packets == ["2"])
                #expect(try await polling.send("3").0 == .ok)
            }
            #expect(realtime.sessionCount == 1)
            // Stop answering: the ping is collected but never answered.
            #expect(try await polling.poll().1 == ["2"])
            try await Self.waitUntil { realtime.sessionCount == 0 }
            #expect(try await polling.poll().0 == .badRequest)
        }
    }

    @Test func corsReflectsAllowedOriginsAndRefusesOthers() async throws {
        var configuration = TestHarness.fastConfiguration
        configuration.originPolicy = RealtimeOriginPolicy(allowedOrigins: ["http://localhost:5173"])
        try await TestHarness.withServer(configuration: configuration) { _, client in
            let polling = PollingClient(client: client)
            let (status, headers, _) = try await polling.request("/socket.io/?EIO=4&transport=polling", headers: [.origin: "http://localhost:5173"])
            #expect(status == .ok)
            #expect(headers[.accessControlAllowOrigin] == "http://localhost:5173")
            #expect(headers[.accessControlAllowCredentials] == "true")
            #expect(headers[.vary] == "Origin")

            let (forbidden, forbiddenHeaders, body) = try await polling.request("/socket.io/?EIO=4&transport=polling", headers: [.origin: "https://evil.example"])
            #expect(forbidden == .forbidden)
            #expect(body == #"{"code":4,"message":"Forbidden"}"#)
            #expect(forbiddenHeaders[.accessControlAllowOrigin] == nil)

            // Clients without Origin (servers, python) are not browsers: allowed, no CORS headers.
            let (plain, plainHeaders, _) = try await polling.request("/socket.io/?EIO=4&transport=polling")
            #expect(plain == .ok)
            #expect(plainHeaders[.accessControlAllowOrigin] == nil)

            let (preflight, preflightHeaders, _) = try await polling.request(
                "/socket.io/?EIO=4&transport=polling",
                method: .options,
                headers: [.origin: "http://localhost:5173", .accessControlRequestHeaders: "content-type"]
            )
            #expect(preflight == .noContent)
            #expect(preflightHeaders[.accessControlAllowOrigin] == "http://localhost:5173")
            #expect(preflightHeaders[.accessControlAllowCredentials] == "true")
            #expect(preflightHeaders[.accessControlAllowHeaders] == "content-type")
        }
    }

    @Test func corsHeadersCanBeLeftToTheApplication() async throws {
        var configuration = TestHarness.fastConfiguration
        configuration.originPolicy = RealtimeOriginPolicy(allowedOrigins: ["http://localhost:5173"], writesCORSHeaders: false)
        try await TestHarness.withServer(configuration: configuration) { _, client in
            let polling = PollingClient(client: client)
            let (status, headers, _) = try await polling.request("/socket.io/?EIO=4&transport=polling", headers: [.origin: "http://localhost:5173"])
            #expect(status == .ok)
            #expect(headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func serverDisconnectReachesThePollingClient() async throws {
        // No heartbeat may interleave with the packets this test expects, however slow the machine.
        let quiet = RealtimeConfiguration(pingInterval: .seconds(30), pingTimeout: .seconds(30))
        try await TestHarness.withServer(configuration: quiet) { realtime, client in
            var polling = PollingClient(client: client)
            _ = try await polling.handshake()
            _ = try await polling.send(#"40{"token":"bob-token"}"#)
            let connected = try await polling.poll { $0.hasPrefix("40") }
            let socketID = try #require(try JSONValue(parsing: String(connected.dropFirst(2)))["sid"]?.stringValue)
            let socket = try #require(realtime.socket(id: socketID))
            #expect(socket.principal == DemoUser(id: "bob"))
            #expect(socket.handshake.transport == .polling)
            socket.disconnect(closingConnection: true)
            #expect(!socket.isConnected)
            #expect(socket.emit("late") == false)
            let (status, packets) = try await polling.poll()
            #expect(status == .ok)
            #expect(packets == ["41", "1"])
            #expect(realtime.sessionCount == 0)
        }
    }

    @Test func shutdownClosesEverySession() async throws {
        try await TestHarness.withServer { realtime, client in
            var polling = PollingClient(client: client)
            _ = try await polling.handshake()
            let parked = Task { [polling] in try await polling.poll() }
            try await Task.sleep(for: .milliseconds(50))
            await realtime.shutdown(gracePeriod: .milliseconds(200))
            #expect(try await parked.value == (.ok, ["1"]))
            #expect(realtime.sessionCount == 0)
            #expect(try await polling.request("/socket.io/?EIO=4&transport=polling").0 == .serviceUnavailable)
        }
    }

    static func waitUntil(timeout: Duration = .seconds(5), _ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw TestHarness.TimeoutError() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
