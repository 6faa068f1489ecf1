import Core
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// A freshly migrated database of its own for one test, cloned from a migrated template.
///
/// Needs `VANTAHIRE_TEST_DATABASE_URL` (an admin connection to a disposable cluster); the
/// README's test command starts one and sets it.
public struct TestDatabase: Sendable {
    /// The database's URL.
    public let url: DatabaseURL
    /// A running pool on it.
    public let client: PostgresClient
    /// A logger for queries.
    public let logger: Logger

    /// ``client`` as the platform's bounded ``Database`` (what `Domain` functions take).
    public var database: Database { Database(client: client, callTimeout: .seconds(60)) }

    /// The admin URL from the environment; a clear failure when the variable is missing.
    public static func adminURL() throws -> DatabaseURL {
        guard let text = ProcessInfo.processInfo.environment["VANTAHIRE_TEST_DATABASE_URL"] else {
            throw TestEnvironmentError(
                "VANTAHIRE_TEST_DATABASE_URL is not set: run the suite with scripts/test, which starts PostgreSQL and Redis"
            )
        }
        return try DatabaseURL(text, variable: "VANTAHIRE_TEST_DATABASE_URL")
    }

    /// Runs `body` with a new migrated database; the pool is closed afterwards.
    public static func with<T: Sendable>(
        poolSize: Int = 20, _ body: @escaping @Sendable (TestDatabase) async throws -> T
    ) async throws -> T {
        let url = try await create()
        var logger = Logger(label: "test.db")
        logger.logLevel = .critical
        let client = PostgresClient(url: url, poolSize: poolSize, logger: logger)
        let database = TestDatabase(url: url, client: client, logger: logger)
        return try await client.whileRunning { try await body(database) }
    }

    /// Creates a new database from the migrated template and returns its URL.
    public static func create() async throws -> DatabaseURL {
        let admin = try adminURL()
        let template = try await Template.shared.name(admin: admin)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await execute(on: admin, "CREATE DATABASE \(name) TEMPLATE \(template)")
        return admin.withDatabase(String(name))
    }

    /// Runs one statement on a short-lived connection to `url`.
    public static func execute(on url: DatabaseURL, _ sql: String) async throws {
        var logger = Logger(label: "test.db.admin")
        logger.logLevel = .critical
        let connection = try await url.connect(logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The migrated template, made once per test process.
    actor Template {
        static let shared = Template()
        private var created: String?

        func name(admin: DatabaseURL) async throws -> String {
            if let created { return created }
            let name = "vh_template_\(ProcessInfo.processInfo.processIdentifier)_\(UInt32.random(in: 0...UInt32.max))"
            try await TestDatabase.execute(on: admin, "CREATE DATABASE \(name)")
            var logger = Logger(label: "test.migrate")
            logger.logLevel = .critical
            let client = PostgresClient(url: admin.withDatabase(name), poolSize: 1, logger: logger)
            try await client.whileRunning { [logger] in
                try await Migrator(client: client, migrations: try Migration.bundled(), logger: logger).migrate()
            }
            created = name
            return name
        }
    }
}

/// The test environment is incomplete.
public struct TestEnvironmentError: Error, CustomStringConvertible {
    /// What is missing.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
