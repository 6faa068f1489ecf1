public import Logging
public import PostgresNIO

/// Applies pending migrations, safely from any number of processes at once.
///
/// A session-level advisory lock serialises migrators: the first applies what is missing, the
/// others wait, then find nothing left to do. Each migration runs in its own transaction together
/// with the row that records it in `schema_migrations`, so a failure leaves no partial change.
public struct Migrator: Sendable {
    /// The advisory lock key ("vantahire" in ASCII, truncated to 64 bits).
    public static let advisoryLockKey: Int64 = 0x7661_6E74_6168_6972

    private let client: PostgresClient
    private let migrations: [Migration]
    private let logger: Logger

    /// A migrator applying `migrations` through `client` (which must be running).
    public init(client: PostgresClient, migrations: [Migration], logger: Logger) {
        self.client = client
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies every migration not yet recorded and returns the versions it applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await client.withConnection { connection in
            // Migrations (and waiting for another migrator's lock) may take longer than the
            // pool's statement_timeout; RESET gives the connection its startup value back.
            try await connection.query("SET statement_timeout = 0", logger: logger)
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let applied = try await apply(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                try await connection.query("RESET statement_timeout", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                _ = try? await connection.query("RESET statement_timeout", logger: logger)
                throw error
            }
        }
    }

    private func apply(on connection: PostgresConnection) async throws -> [Int] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
        var done = Set<Int>()
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
            .decode(Int.self)
        {
            done.insert(version)
        }
        var applied: [Int] = []
        for migration in migrations where !done.contains(migration.version) {
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            let statements = SQLScript.statements(migration.sql)
            do {
                try await connection.withTransaction(logger: logger) { transaction in
                    for statement in statements {
                        try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await transaction.query(
                        "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                        logger: logger
                    )
                }
            } catch let error as PostgresTransactionError {
                let cause = error.closureError ?? error.commitError ?? error.beginError ?? error
                throw MigrationError("migration \(migration.version)_\(migration.name) failed: \(String(reflecting: cause))")
            }
            applied.append(migration.version)
        }
        return applied
    }
}
