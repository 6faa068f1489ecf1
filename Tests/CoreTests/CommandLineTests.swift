import Core
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@Suite struct CommandLineTests {
    @Test func badDatabaseURLExitsNonZeroWithOneLineNamingIt() async throws {
        let result = try await Executable.run(["migrate"], environment: ["DATABASE_URL": "mysql://nope"])
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains("DATABASE_URL"))
    }

    @Test func shortJWTSecretInProductionExitsNonZeroNamingIt() async throws {
        let result = try await Executable.run(
            ["api"], environment: ["DATABASE_URL": "postgres://u@127.0.0.1:1/db", "NODE_ENV": "production", "JWT_SECRET": "short"]
        )
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("JWT_SECRET"))
    }

    @Test func devKeepsItsGeneratedJWTSecretInDataDirAcrossRestarts() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("dev-secret-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        // A REDIS_URL the Redis client refuses stops `dev` (exit 78) right after the secret is
        // settled, before it would wait for PostgreSQL.
        let environment = [
            "DATABASE_URL": "postgres://u@127.0.0.1:1/db", "REDIS_URL": "redis://127.0.0.1:1/notadb", "DATA_DIR": dataDirectory,
        ]
        let path = dataDirectory + "/jwt-secret"
        let first = try await Executable.run(["dev"], environment: environment)
        #expect(first.status == 78)
        #expect(first.stderr.contains("generated a secret and kept it"))
        #expect(first.stderr.contains(path))
        let secret = try String(contentsOfFile: path, encoding: .utf8)
        #expect(secret.trimmingCharacters(in: .whitespacesAndNewlines).count >= 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        var json = environment
        json["LOG_FORMAT"] = "json"
        let second = try await Executable.run(["dev"], environment: json)
        #expect(second.status == 78)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == secret)
        let line = try #require(second.stderr.split(separator: "\n").first { $0.contains("earlier run") })
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(entry["level"] as? String == "notice")
        #expect(entry["label"] as? String == "vantahire.dev")
        #expect(entry["path"] as? String == path)
    }

    @Test func threeConcurrentMigrateProcessesAllSucceedAndApplyEachMigrationOnce() async throws {
        let admin = try TestDatabase.adminURL()
        let name = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await TestDatabase.execute(on: admin, "CREATE DATABASE \(name)")
        let url = admin.withDatabase(String(name))
        let environment = ["DATABASE_URL": url.urlString, "LOG_LEVEL": "error"]
        let results = try await withThrowingTaskGroup(of: Executable.Result.self) { group in
            for _ in 0..<3 { group.addTask { try await Executable.run(["migrate"], environment: environment) } }
            var all: [Executable.Result] = []
            for try await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        #expect(results.filter { $0.stdout.contains("Applied migrations") }.count == 1)
        #expect(results.filter { $0.stdout.contains("up to date") }.count == 2)

        var logger = Logger(label: "t")
        logger.logLevel = .critical
        let connection = try await url.connect(logger: logger)
        let rows = try await connection.query("SELECT version, count(*)::int8 FROM schema_migrations GROUP BY 1", logger: logger)
        var versions: [Int] = []
        for try await (version, count) in rows.decode((Int, Int64).self) {
            #expect(count == 1)
            versions.append(version)
        }
        try await connection.close()
        #expect(versions.sorted() == (try Migration.bundled().map(\.version)))
    }

    @Test func helpListsTheBuiltRoles() async throws {
        let result = try await Executable.run(["--help"], environment: [:])
        for role in ["migrate", "api", "worker", "scheduler", "dev", "jobs"] {
            #expect(result.stdout.contains("  \(role)"), "missing \(role) in help")
        }
    }
}
