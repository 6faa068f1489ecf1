import API
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TestSupport

/// `HTTP_IDLE_TIMEOUT` and `HTTP_MAX_CONNECTIONS` on the API server.
@Suite struct ConnectionLimitTests {
    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db, extra: ["HTTP_IDLE_TIMEOUT": "1s"])
            let app = try buildApplication(platform: platform)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                // Taken before connecting: the server's idle timer cannot start earlier, so on a
                // busy machine a slow connect cannot make a correct close look early.
                let started = ContinuousClock.now
                let silent = try await RawTCPConnection.open(port: port)
                // Headers that never end (a slow client) count as idle too.
                let slow = try await RawTCPConnection.open(port: port)
                try await slow.send("GET /health HTTP/1.1\r\nHost: localhost\r\n")
                #expect(await silent.wait(timeout: .seconds(15)) { $0.isClosed })
                #expect(await slow.wait(timeout: .seconds(15)) { $0.isClosed })
                #expect(ContinuousClock.now - started >= .milliseconds(900))
                // A connection that sends its request in time is served normally.
                let prompt = try await RawTCPConnection.open(port: port)
                try await prompt.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                #expect(await prompt.wait(timeout: .seconds(10)) { $0.received.hasPrefix("HTTP/1.1 200") })
                await prompt.close()
            }
        }
    }

    @Test func connectionsBeyondTheCapAreRefusedWith503UntilOneCloses() async throws {
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db, extra: ["HTTP_MAX_CONNECTIONS": "2"])
            let app = try buildApplication(platform: platform)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                // Open connections one at a time, each served before the next, until one is
                // refused (the test client may hold a slot of its own).
                var admitted: [RawTCPConnection] = []
                var refused: RawTCPConnection?
                for _ in 0..<4 where refused == nil {
                    let connection = try await RawTCPConnection.open(port: port)
                    try? await connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    _ = await connection.wait(timeout: .seconds(10)) { $0.received.contains("\r\n\r\n") || $0.isClosed }
                    if connection.received.hasPrefix("HTTP/1.1 200") {
                        admitted.append(connection)
                    } else {
                        refused = connection
                    }
                }
                #expect((1...2).contains(admitted.count))
                let refusal = try #require(refused)
                #expect(await refusal.wait(timeout: .seconds(10)) { $0.isClosed })
                #expect(refusal.received.hasPrefix("HTTP/1.1 503"))
                #expect(refusal.received.contains("Retry-After: 1"))
                #expect(refusal.received.contains(#""code":"too_many_connections""#))

                // Once one closes (the server notices shortly after), a new connection is served.
                let first = try #require(admitted.first)
                await first.close()
                var served = false
                for _ in 0..<50 where !served {
                    let next = try await RawTCPConnection.open(port: port)
                    try? await next.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")  // may be refused already
                    _ = await next.wait(timeout: .seconds(5)) { $0.received.contains("\r\n\r\n") || $0.isClosed }
                    served = next.received.hasPrefix("HTTP/1.1 200")
                    await next.close()
                    if !served { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(served)
                for connection in admitted { await connection.close() }
            }
        }
    }
}
