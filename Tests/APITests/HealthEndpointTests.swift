import API
import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite struct HealthEndpointTests {
    struct Readiness: Decodable {
        let status: String
        let checks: [String: String]
        let error: String?
    }

    @Test func healthAnswersOK() async throws {
        try await TestDatabase.with { db in
            let app = try buildApplication(platform: try TestPlatform.make(database: db))
            try await app.test(.live) { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("\"ok\""))
                    #expect(response.headers[.requestID] != nil)
                }
            }
        }
    }

    @Test func readinessFollowsRedisDownAndBackUp() async throws {
        try await TestDatabase.with { db in
            try await RedisServerProcess.withServer { server in
                var configuration = try RedisConfiguration(url: server.url)
                configuration.reconnectMaxDelay = .milliseconds(200)
                let redis = HiredisClient(configuration: configuration)
                let app = try buildApplication(platform: try TestPlatform.make(database: db, redis: redis))
                try await app.test(.live) { client in
                    // Each check has 2 s: on a busy machine a first answer may still be late, so
                    // wait (bounded) for the state under test, then assert on it.
                    func ready(until expected: @escaping (HTTPResponse.Status, Readiness) -> Bool) async throws -> (HTTPResponse.Status, Readiness) {
                        let deadline = ContinuousClock.now + .seconds(30)
                        while true {
                            let answer = try await client.execute(uri: "/ready", method: .get) { response in
                                (response.status, try JSONDecoder().decode(Readiness.self, from: Data(String(buffer: response.body).utf8)))
                            }
                            if expected(answer.0, answer.1) || ContinuousClock.now > deadline { return answer }
                            try await Task.sleep(for: .milliseconds(100))
                        }
                    }
                    let up = try await ready { status, _ in status == .ok }
                    #expect(up.0 == .ok)
                    #expect(up.1.checks == ["postgres": "ok", "redis": "ok"])
                    await server.stop()
                    let down = try await ready { status, body in status == .serviceUnavailable && body.checks["postgres"] == "ok" }
                    #expect(down.0 == .serviceUnavailable)
                    #expect(down.1.checks["postgres"] == "ok")
                    #expect(down.1.checks["redis"] != "ok")
                    #expect(down.1.error?.contains("redis") == true)
                    try await server.restart()
                    var status = HTTPResponse.Status.serviceUnavailable
                    for _ in 0..<150 where status != .ok {
                        status = try await client.execute(uri: "/ready", method: .get) { $0.status }
                        if status != .ok { try await Task.sleep(for: .milliseconds(100)) }
                    }
                    #expect(status == .ok)
                }
                await redis.shutdown()
            }
        }
    }

    @Test func metricsExposeRequestCountsByRouteAndStatus() async throws {
        try await TestDatabase.with { db in
            let app = try buildApplication(platform: try TestPlatform.make(database: db))
            try await app.test(.live) { client in
                _ = try await client.execute(uri: "/health", method: .get) { $0.status }
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    let text = String(buffer: response.body)
                    #expect(text.contains("# TYPE vantahire_http_requests_total counter"))
                    #expect(text.contains("http_route=\"/health\""))
                    #expect(text.contains("# TYPE vantahire_http_request_duration_seconds histogram"))
                    #expect(text.contains("# TYPE vantahire_http_active_requests gauge"))
                    #expect(!text.contains("hb_requests"))
                }
            }
        }
    }

    @Test func unknownRouteIsAJSON404() async throws {
        try await TestDatabase.with { db in
            let app = try buildApplication(platform: try TestPlatform.make(database: db))
            try await app.test(.live) { client in
                try await client.execute(uri: "/no/such/route", method: .get) { response in
                    #expect(response.status == .notFound)
                    let body = try JSONDecoder().decode([String: String].self, from: Data(String(buffer: response.body).utf8))
                    #expect(body["code"] == "not_found")
                    #expect(body["error"] != nil)
                }
            }
        }
    }
}
