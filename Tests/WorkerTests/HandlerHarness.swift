import Core
import Domain
import Foundation
import Integrations
import Jobs
import Logging
import PostgresNIO
import TestSupport
import Testing
@testable import Worker

/// A platform over a fresh database, with a recruiter and an interview, for handler tests.
struct HandlerHarness: Sendable {
    let db: TestDatabase
    let platform: Platform
    let queue: JobQueue
    let providers: ProviderSet
    let recruiterId: UUID
    let interviewId: UUID
    let dataDirectory: URL

    static func with(extra: [String: String] = [:], redis: (any RedisStore)? = nil,
                     _ body: @escaping @Sendable (HandlerHarness) async throws -> Void) async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("vh-handlers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        try await TestDatabase.with { db in
            var env = ["DATA_DIR": dataDirectory.path, "PROVIDER_TIMEOUT_SECONDS": "2", "API_URL": "https://api.example.com",
                       "FRONTEND_URL": "https://app.example.com"]
            for (key, value) in extra { env[key] = value }
            let platform = try TestPlatform.make(database: db, redis: redis, extra: env)
            let recruiterId = try #require(try await db.client.query(
                "INSERT INTO users (email, password_hash) VALUES ('rec@example.com', 'x') RETURNING id", logger: db.logger
            ).decode(UUID.self).first { _ in true })
            try await db.client.query("""
                INSERT INTO profiles (user_id, company_name, brand_color, email_intro, email_tips, email_cta)
                VALUES (\(recruiterId), 'Acme <Robots>', '#112233', 'We loved your profile.', 'Find a quiet room.', 'Begin now')
                """, logger: db.logger)
            let interviewId = try #require(try await db.client.query("""
                INSERT INTO interviews (recruiter_id, candidate_email, candidate_name, candidate_phone, expires_at)
                VALUES (\(recruiterId), 'cand@example.com', 'Ana', '+14155550123', now() + interval '3 days') RETURNING id
                """, logger: db.logger).decode(UUID.self).first { _ in true })
            let harness = HandlerHarness(
                db: db, platform: platform, queue: JobQueue(client: db.client, logger: db.logger),
                providers: try ProviderSet(configuration: platform.configuration, logger: db.logger),
                recruiterId: recruiterId, interviewId: interviewId, dataDirectory: dataDirectory
            )
            try await body(harness)
        }
    }

    func context(job: Int64 = 1, attempt: Int = 1, maxAttempts: Int = 5) -> JobContext {
        var logger = Logger(label: "test.handler")
        logger.logLevel = .critical
        return JobContext(id: job, kind: "test", attempt: attempt, maxAttempts: maxAttempts, queue: "default", enqueuedAt: Date(), logger: logger)
    }

    func scalar<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws -> T? {
        for try await value in try await db.client.query(query, logger: db.logger).decode(T.self) { return value }
        return nil
    }

    func addTranscript(_ turns: [(String, String)]) async throws {
        try await db.client.query("UPDATE interviews SET status = 'COMPLETED', started_at = now() - interval '20 minutes', completed_at = now() WHERE id = \(interviewId)", logger: db.logger)
        for (index, (role, content)) in turns.enumerated() {
            try await db.client.query(
                "INSERT INTO interview_messages (interview_id, role, content, created_at) VALUES (\(interviewId), \(role), \(content), now() - make_interval(secs => \(Double(100 - index))))",
                logger: db.logger)
        }
    }
}
