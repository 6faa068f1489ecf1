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

    /// Configuration, observability and the shared platform for `role`.
    static func platform(role: String) throws -> Platform {
        let configuration = try configuration()
        let registry = Observability.bootstrap(logLevel: configuration.logLevel, format: configuration.logFormat)
        var logger = Logger(label: "vantahire.\(role)")
        logger.logLevel = configuration.logLevel
        if configuration.jwtSecretGenerated {
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
