import API
import Core
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Jobs
import Logging
import NIOCore
import PostgresNIO
import ProviderFakes
import TestSupport
import Testing
import Worker

/// The whole invite path with real parts: the API creates an interview with an email invite, a
/// worker (its own platform, its own Redis connection) sends it through the Brevo fake, Brevo's
/// webhook reports `delivered`, and recruiters' browsers — the real python-socketio client, once
/// over websocket and once over long-polling, authenticated by the session cookie only — receive
/// `email:status` through Redis pub/sub. A client joining someone else's room is refused and
/// receives nothing.
@Suite struct InviteStatusEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python")
    static let script = root.appendingPathComponent("Tests/Python/status_listener.py")

    /// A listener process, `status_listener.py` with `arguments`.
    static func listener(_ arguments: [String]) throws -> ScriptRun {
        try ScriptRun(executable: python, arguments: [script.path] + arguments)
    }

    @Test(.timeLimit(.minutes(2)))
    func aDeliveredInviteReachesTheRecruitersBrowsersOverBothTransports() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python.path), "run the suite with scripts/test, which installs python-socketio into .venv")
        let brevo = BrevoFake(apiKey: "brevo-key")
        let brevoURL = try await brevo.start()
        defer { Task { await brevo.stop() } }
        try await RedisServerProcess.withServer { redisServer in
            try await TestDatabase.with { db in
                let extra = ["BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": brevoURL.absoluteString,
                             "BREVO_WEBHOOK_SECRET": "brevo-webhook-secret-123", "REDIS_URL": redisServer.url, "BCRYPT_COST": "4"]
                let apiRedis = HiredisClient(configuration: try RedisConfiguration(url: redisServer.url))
                let workerRedis = HiredisClient(configuration: try RedisConfiguration(url: redisServer.url))
                let apiPlatform = try TestPlatform.make(database: db, redis: apiRedis, extra: extra)
                let workerPlatform = try TestPlatform.make(database: db, redis: workerRedis, extra: extra)
                let app = try buildApplication(platform: apiPlatform)
                try await app.test(.live) { client in
                    let port = try #require(client.port)
                    let base = "http://127.0.0.1:\(port)"
                    func signUp(_ email: String) async throws -> (id: String, token: String) {
                        try await client.execute(uri: "/auth/signup", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"email":"\#(email)","password":"a long password"}"#)) { response in
                            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                            let user = object?["user"] as? [String: Any]
                            return (try #require(user?["id"] as? String), try #require(object?["token"] as? String))
                        }
                    }
                    let a = try await signUp("a@example.com")
                    let b = try await signUp("b@example.com")
                    let viaWebSocket = try Self.listener([base, a.token, a.id, "websocket", "DELIVERED"])
                    let viaPolling = try Self.listener([base, a.token, a.id, "polling", "DELIVERED"])
                    let intruder = try Self.listener([base, b.token, a.id, "websocket", "none", "8"])
                    #expect(try await viaWebSocket.waitFor("READY"), "\(viaWebSocket.output)")
                    #expect(try await viaPolling.waitFor("READY"), "\(viaPolling.output)")
                    #expect(try await intruder.waitFor("REFUSED"), "\(intruder.output)")

                    let created = try await client.execute(
                        uri: "/interviews", method: .post, headers: [.authorization: "Bearer \(a.token)", .contentType: "application/json"],
                        body: ByteBuffer(string: #"{"candidateEmail":"cand@example.com","invites":["email"]}"#)) { $0.status }
                    #expect(created == .created)

                    let worker = try db.platformWorker(workerPlatform)
                    let running = Task { try await worker.run() }
                    for _ in 0..<300 where brevo.sentEmails.isEmpty {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(brevo.sentEmails.count == 1)
                    worker.triggerShutdown()
                    try await running.value
                    let messageId = try #require(try await db.client.query("SELECT message_id FROM email_messages", logger: db.logger)
                        .decode(String.self).first { _ in true })

                    let webhook = #"{"event":"delivered","email":"cand@example.com","message-id":"<\#(messageId)>","ts_epoch":1764237605123}"#
                    let hook = try await client.execute(uri: "/webhooks/brevo?secret=brevo-webhook-secret-123", method: .post,
                                                        headers: [.contentType: "application/json"], body: ByteBuffer(string: webhook)) { $0.status }
                    #expect(hook == .ok)

                    #expect(try await viaWebSocket.exitStatus() == 0, "\(viaWebSocket.output)")
                    #expect(try await viaPolling.exitStatus() == 0, "\(viaPolling.output)")
                    #expect(try await intruder.exitStatus() == 0, "\(intruder.output)")
                    for listener in [viaWebSocket, viaPolling] {
                        #expect(listener.output.contains(#""status": "SENT""#), "\(listener.output)")
                        #expect(listener.output.contains(#""status": "DELIVERED""#), "\(listener.output)")
                    }
                    #expect(intruder.output.contains("NOTHING"))
                    #expect(!intruder.output.contains("GOT"))
                }
                await apiRedis.shutdown()
                await workerRedis.shutdown()
            }
        }
    }
}
