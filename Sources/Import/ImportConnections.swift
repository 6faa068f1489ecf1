public import Core
import Foundation
public import Logging
import PostgresNIO

/// Opens the importer's two dedicated connections with the session settings the canonical text
/// form relies on (UTC, ISO dates); the source one is read-only.
public enum ImportConnections {
    /// Runs `body` with a source and a target session, closing both afterwards.
    public static func with<T: Sendable>(
        source: DatabaseURL, target: DatabaseURL, logger: Logger,
        _ body: (SQLSession, SQLSession) async throws -> T
    ) async throws -> T {
        let sourceConnection: PostgresConnection
        do {
            sourceConnection = try await source.connect(applicationName: "vantahire-import-source", logger: logger)
        } catch {
            throw ImportError("cannot connect to the source database: \(PostgresErrorText.message(error))")
        }
        let targetConnection: PostgresConnection
        do {
            targetConnection = try await target.connect(applicationName: "vantahire-import", logger: logger)
        } catch {
            try? await sourceConnection.close()
            throw ImportError("cannot connect to the target database (DATABASE_URL): \(PostgresErrorText.message(error))")
        }
        let sourceSession = SQLSession(connection: sourceConnection, logger: logger)
        let targetSession = SQLSession(connection: targetConnection, logger: logger)
        do {
            for statement in ["SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, MDY'", "SET IntervalStyle = 'postgres'", "SET extra_float_digits = 3"] {
                try await sourceSession.execute(statement)
                try await targetSession.execute(statement)
            }
            // The importer never writes to the source.
            try await sourceSession.execute("SET default_transaction_read_only = on")
            let result = try await body(sourceSession, targetSession)
            try? await sourceConnection.close()
            try? await targetConnection.close()
            return result
        } catch {
            try? await sourceConnection.close()
            try? await targetConnection.close()
            throw error
        }
    }

    /// Names a source for `import_runs`: host, port and database (never the password).
    public static func fingerprint(_ url: DatabaseURL) -> String {
        "\(url.host):\(url.port)/\(url.database)"
    }
}
