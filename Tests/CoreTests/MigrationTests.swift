import Core
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@Suite struct MigrationTests {
    /// Runs `body` on a new, empty (unmigrated) database.
    func withEmptyDatabase(_ body: @escaping @Sendable (DatabaseURL) async throws -> Void) async throws {
        let admin = try TestDatabase.adminURL()
        let name = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await TestDatabase.execute(on: admin, "CREATE DATABASE \(name)")
        try await body(admin.withDatabase(String(name)))
    }

    func withClient<T: Sendable>(_ url: DatabaseURL, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let client = PostgresClient(url: url, poolSize: 4, logger: logger)
        return try await client.whileRunning { try await body(client) }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        try await withEmptyDatabase { url in
            // The bundled versions: numbered from 1, in order, each once.
            let bundled = try Migration.bundled().map(\.version)
            #expect(bundled.first == 1)
            #expect(zip(bundled, bundled.dropFirst()).allSatisfy { $0 < $1 })
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await self.withClient(url) { client in
                            try await Migrator(client: client, migrations: try Migration.bundled(), logger: Logger(label: "m")).migrate()
                        }
                    }
                }
                var all: [[Int]] = []
                for try await applied in group { all.append(applied) }
                return all
            }
            #expect(results.flatMap { $0 }.sorted() == bundled)
            let rows = try await withClient(url) { client in
                var versions: [Int] = []
                for try await v in try await client.query("SELECT version FROM schema_migrations ORDER BY version", logger: Logger(label: "t")).decode(Int.self) {
                    versions.append(v)
                }
                return versions
            }
            #expect(rows == bundled)
            let again = try await withClient(url) { client in
                try await Migrator(client: client, migrations: try Migration.bundled(), logger: Logger(label: "m")).migrate()
            }
            #expect(again.isEmpty)
        }
    }

    @Test func failingMigrationLeavesNoPartialChange() async throws {
        try await withEmptyDatabase { url in
            let broken = [
                Migration(version: 1, name: "ok", sql: "CREATE TABLE one (x int);"),
                Migration(version: 2, name: "broken", sql: "CREATE TABLE two (x int); SELECT * FROM missing_table;"),
            ]
            await #expect(throws: MigrationError.self) {
                try await self.withClient(url) { client in
                    try await Migrator(client: client, migrations: broken, logger: Logger(label: "m")).migrate()
                }
            }
            let tables = try await withClient(url) { client in
                var names: [String] = []
                for try await n in try await client.query(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", logger: Logger(label: "t")
                ).decode(String.self) { names.append(n) }
                return names
            }
            #expect(tables == ["one", "schema_migrations"])
        }
    }

    @Test func domainSchemaHasEveryTableAndEnforcesItsChecks() async throws {
        try await TestDatabase.with { db in
            var tables: Set<String> = []
            for try await n in try await db.client.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'", logger: db.logger
            ).decode(String.self) { tables.insert(n) }
            let expected: Set<String> = [
                "users", "profiles", "sessions", "interviews", "interview_messages", "interview_screenshots",
                "job_postings", "job_applications", "files", "email_messages", "whatsapp_messages", "api_keys",
                "admin_settings", "onboarding_reminders", "background_jobs", "scheduled_ticks", "schema_migrations", "recording_uploads",
                "import_runs", "import_run_tables",
            ]
            #expect(tables == expected)

            let recruiter = UUID()
            try await db.client.query(
                "INSERT INTO users (id, email, password_hash) VALUES (\(recruiter), 'r@example.com', 'x')", logger: db.logger
            )
            // Scores are 0-100.
            await #expect(throws: PSQLError.self) {
                try await db.client.query("""
                    INSERT INTO interviews (recruiter_id, candidate_email, expires_at, score)
                    VALUES (\(recruiter), 'c@example.com', now() + interval '1 day', 101)
                    """, logger: db.logger)
            }
            // Candidate phone must be E.164.
            await #expect(throws: PSQLError.self) {
                try await db.client.query("""
                    INSERT INTO interviews (recruiter_id, candidate_email, expires_at, candidate_phone)
                    VALUES (\(recruiter), 'c@example.com', now() + interval '1 day', '0044 1234')
                    """, logger: db.logger)
            }
            // File size must match its data and be non-negative.
            await #expect(throws: PSQLError.self) {
                try await db.client.query(
                    "INSERT INTO files (name, mime_type, size, data, category) VALUES ('a', 'text/plain', 5, '\\x01'::bytea, 'DOCUMENT')",
                    logger: db.logger
                )
            }
            // Deleting a user cascades to their profile.
            try await db.client.query("INSERT INTO profiles (user_id, company_name) VALUES (\(recruiter), 'Acme')", logger: db.logger)
            let other = UUID()
            try await db.client.query("INSERT INTO users (id, email, password_hash) VALUES (\(other), 'o@example.com', 'x')", logger: db.logger)
            try await db.client.query("INSERT INTO profiles (user_id) VALUES (\(other))", logger: db.logger)
            try await db.client.query("DELETE FROM users WHERE id = \(other)", logger: db.logger)
            let profiles = try await db.client.query("SELECT count(*)::int8 FROM profiles", logger: db.logger).decode(Int64.self)
            for try await count in profiles { #expect(count == 1) }
        }
    }
}
