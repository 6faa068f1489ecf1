import ArgumentParser
import Core
import Logging
import PostgresNIO

/// `vantahire migrate`: applies pending migrations and exits (the Procfile's `release` step).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations, then exit. Safe to run from several processes at once."
    )

    func run() async throws {
        let platform = try Bootstrap.platform(role: "migrate")
        let applied: [Int]
        do {
            applied = try await Bootstrap.migrate(configuration: platform.configuration, logger: platform.logger)
        } catch {
            throw Bootstrap.fail("migration failed: \(String(reflecting: error))")
        }
        print(applied.isEmpty ? "Database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", ")).")
    }
}
