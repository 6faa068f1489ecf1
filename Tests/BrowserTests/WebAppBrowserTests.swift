import API
import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Jobs
import Logging
import PostgresNIO
import ProviderFakes
import TestSupport
import Testing
import Worker

/// The web app against the platform in a real headless Chromium (Debian's `chromium`), driven by
/// `Tests/Browser/webapp_suite.py`: the page is served from another origin and site
/// (`http://localhost:<port>`) than the API (`http://127.0.0.1:<port>`) and runs the web app's
/// `api.ts` and `useSocket.ts` with only the README's "Frontend changes", the real
/// socket.io-client and React browser builds. The API, a worker and the Brevo and WhatsApp fakes
/// run here; the suite signs up, connects, creates an interview with both invites, watches
/// SENT → DELIVERED on the dashboard, checks a second recruiter sees nothing, long-polling alone,
/// and that sign-out disconnects.
@Suite struct WebAppBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python")
    static let suite = root.appendingPathComponent("Tests/Browser/webapp_suite.py")

    @Test(.timeLimit(.minutes(5)))
    func theWebAppWorksInChromiumFromAnotherOrigin() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python.path), "run the suite with scripts/test, which installs the Python clients into .venv")
        #expect(["/usr/bin/chromium", "/usr/bin/node"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) },
                "run the suite with scripts/test, which installs Debian's chromium and node-typescript")
        let brevo = BrevoFake(apiKey: "brevo-key")
        let brevoURL = try await brevo.start()
        let whatsapp = WhatsAppFake(accessToken: "wa-token", phoneNumberID: "1234567")
        let whatsappURL = try await whatsapp.start()
        defer { Task { await brevo.stop(); await whatsapp.stop() } }
        let pagePort = try LoopbackPort.free()
        let artifacts = Self.root.appendingPathComponent(".build/browser-artifacts").path
        try await RedisServerProcess.withServer { redisServer in
            try await TestDatabase.with { db in
                let extra = [
                    "FRONTEND_URL": "http://localhost:\(pagePort)", "REDIS_URL": redisServer.url,
                    "BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": brevoURL.absoluteString, "BREVO_WEBHOOK_SECRET": "brevo-webhook-secret-123",
                    "WHATSAPP_API_KEY": "wa-token", "WHATSAPP_PHONE_ID": "1234567", "WHATSAPP_BASE_URL": whatsappURL.absoluteString,
                    "WHATSAPP_APP_SECRET": "whatsapp-app-secret-123",
                ]
                let apiRedis = HiredisClient(configuration: try RedisConfiguration(url: redisServer.url))
                let workerRedis = HiredisClient(configuration: try RedisConfiguration(url: redisServer.url))
                let apiPlatform = try TestPlatform.make(database: db, redis: apiRedis, extra: extra)
                let workerPlatform = try TestPlatform.make(database: db, redis: workerRedis, extra: extra)
                let worker = try db.platformWorker(workerPlatform, concurrency: 4)
                let running = Task { try await worker.run() }
                let app = try buildApplication(platform: apiPlatform)
                try await app.test(.live) { client in
                    let port = try #require(client.port)
                    let run = try ScriptRun(executable: Self.python, arguments: [Self.suite.path], environment: [
                        "API_URL": "http://127.0.0.1:\(port)", "PAGE_PORT": "\(pagePort)", "ARTIFACTS": artifacts,
                        "BREVO_WEBHOOK_SECRET": "brevo-webhook-secret-123", "WHATSAPP_APP_SECRET": "whatsapp-app-secret-123",
                    ])
                    let status = try await run.exitStatus(timeout: .seconds(240))
                    #expect(status == 0, "browser suite output:\n\(run.output)")
                    #expect(run.output.contains("all steps passed"), "browser suite output:\n\(run.output)")
                }
                worker.triggerShutdown()
                try await running.value

                let email = try await db.client.query("SELECT status::text FROM email_messages ORDER BY created_at", logger: db.logger).collect()
                    .map { try $0.decode(String.self) }
                let whatsappRows = try await db.client.query("SELECT status::text FROM whatsapp_messages", logger: db.logger).collect()
                    .map { try $0.decode(String.self) }
                #expect(email == ["DELIVERED", "DELIVERED"])
                #expect(whatsappRows == ["DELIVERED"])
                #expect(brevo.sentEmails.count == 2)
                #expect(whatsapp.sentMessageIDs.count == 1)
                await apiRedis.shutdown()
                await workerRedis.shutdown()
            }
        }
    }
}
