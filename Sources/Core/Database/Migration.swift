public import Foundation

/// One numbered schema change: a `NNNN_name.sql` file applied in a transaction.
public struct Migration: Sendable, Equatable {
    /// The number that orders migrations (the file name's leading digits).
    public let version: Int
    /// The file name without its number and extension.
    public let name: String
    /// The SQL text.
    public let sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The migrations shipped with the platform, in order.
    public static func bundled() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw MigrationError("the Migrations resource folder is missing from the build")
        }
        return try load(from: directory)
    }

    /// Every `NNNN_name.sql` file in `directory`, ordered by number; duplicate numbers are an error.
    public static func load(from directory: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for file in files {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw MigrationError("migration file '\(file)' is not named NNNN_name.sql")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw MigrationError("two migrations share number \(a.version): \(a.name) and \(b.name)")
        }
        return migrations
    }
}

/// A migration could not be loaded or applied.
public struct MigrationError: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
