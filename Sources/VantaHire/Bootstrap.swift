import ArgumentParser
import Core
import Foundation
import Logging
import PostgresNIO

/// Start-up shared by every role: configuration, logging, metrics, platform.
enum Bootstrap {
    /// Reads and validates the configuration; on error prints one line and exits non-zero.
    static func configuration() throws -> AppConfiguration {
        do {
            let environment = try Environment.current()
            return try AppConfiguration(environment: environment)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("vantahire: configuration error: \(error)\n".utf8))
            throw ExitCode(78)
        } catch {
            FileHandle.standardError.write(Data("vantahire: configuration error: \(error)\n".utf8))
            throw ExitCode(78)
        }
    }

    /// The file in `DATA_DIR` where `dev` keeps the `JWT_SECRET` it generates.
    static let devSecretFile = "jwt-secret"

    /// Configuration, observability and the shared platform for `role`.
    ///
    /// Without `JWT_SECRET`, `dev` signs with a secret generated once and kept in
    /// `DATA_DIR/jwt-secret` (mode 0600), so a restart does not sign everyone out; the other roles
    /// generate one per process.
    static func platform(role: String) throws -> Platform {
        var configuration = try configuration()
        let registry = Observability.bootstrap(logLevel: configuration.logLevel, format: configuration.logFormat)
        var logger = Logger(label: "vantahire.\(role)")
        logger.logLevel = configuration.logLevel
        if configuration.jwtSecretGenerated && role == "dev" {
            let stored: StoredSecret
            do {
                stored = try StoredSecret.loadOrCreate(in: configuration.dataDirectory, name: devSecretFile)
            } catch {
                FileHandle.standardError.write(Data("vantahire: configuration error: JWT_SECRET: \(error)\n".utf8))
                throw ExitCode(78)
            }
            configuration.jwtSecret = stored.value
            logger.notice(
                stored.created ? "JWT_SECRET is not set: generated a secret and kept it for later runs" : "JWT_SECRET is not set: using the secret kept by an earlier run",
                metadata: ["path": "\(stored.path)"]
            )
        } else if configuration.jwtSecretGenerated {
            logger.notice("JWT_SECRET is not set: generated a random secret for this process (tokens end with it)")
        }
        do {
            return try Platform(configuration: configuration, metrics: registry, logger: logger, role: role)
        } catch {
            FileHandle.standardError.write(Data("vantahire: configuration error: REDIS_URL: \(error)\n".utf8))
            throw ExitCode(78)
        }
    }

    /// Prints a fatal start-up error on one line and returns the exit code to use.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("vantahire: \(message)\n".utf8))
        return ExitCode.failure
    }

    /// Applies pending migrations with a short-lived pool of its own; returns the versions applied.
    static func migrate(configuration: AppConfiguration, logger: Logger) async throws -> [Int] {
        let client = PostgresClient(url: configuration.databaseURL, poolSize: 2, applicationName: "vantahire-migrate", logger: logger)
        return try await client.whileRunning {
            try await Migrator(client: client, migrations: try Migration.bundled(), logger: logger).migrate()
        }
    }
}
