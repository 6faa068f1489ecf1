public import Core
public import Foundation
public import Logging
public import PostgresNIO

/// A user account as the API shows it (never with its password hash).
public struct User: Sendable, Codable, Equatable {
    /// Id.
    public var id: UUID
    /// Lower-cased email.
    public var email: String
    /// Role.
    public var role: UserRole
    /// Creation time.
    public var createdAt: Date
    /// Last update.
    public var updatedAt: Date

    static let columns = "id, email, role::text, created_at, updated_at"

    init(row: PostgresRow) throws {
        let (id, email, role, createdAt, updatedAt) = try row.decode((UUID, String, String, Date, Date).self)
        self.id = id
        self.email = email
        self.role = UserRole(rawValue: role) ?? .candidate
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Inserts a user; `nil` when the email is taken.
    public static func insert(email: String, passwordHash: String, role: UserRole, on connection: PostgresConnection, logger: Logger) async throws -> User? {
        let query: PostgresQuery = """
            INSERT INTO users (email, password_hash, role) VALUES (\(email), \(passwordHash), \(role.rawValue)::user_role)
            ON CONFLICT (email) DO NOTHING
            RETURNING id, email, role::text, created_at, updated_at
            """
        return try await connection.query(query, logger: logger).first { _ in true }.map(User.init(row:))
    }

    /// The user with `id`.
    public static func find(id: UUID, on client: Database, logger: Logger) async throws -> User? {
        try await client.query("SELECT id, email, role::text, created_at, updated_at FROM users WHERE id = \(id)", logger: logger)
            .first { _ in true }.map(User.init(row:))
    }

    /// The user with `email` and their password hash (sign-in).
    public static func credentials(email: String, on client: Database, logger: Logger) async throws -> (User, String)? {
        let rows = try await client.query(
            "SELECT id, email, role::text, created_at, updated_at, password_hash FROM users WHERE email = \(email)", logger: logger
        )
        for try await row in rows {
            let user = try User(row: row)
            let hash = try row.makeRandomAccess()["password_hash"].decode(String.self)
            return (user, hash)
        }
        return nil
    }

    /// Replaces the password hash of user `id` (upgrading an old hash after sign-in).
    public static func updatePasswordHash(id: UUID, to hash: String, on client: Database, logger: Logger) async throws {
        try await client.query("UPDATE users SET password_hash = \(hash) WHERE id = \(id)", logger: logger)
    }

    /// Users newest first, optionally of one role, after `cursor`.
    public static func list(role: UserRole?, after cursor: PageCursor?, limit: Int, on client: Database, logger: Logger) async throws -> [User] {
        var builder = QueryBuilder("SELECT \(columns) FROM users WHERE TRUE")
        if let role { builder.append(" AND role = \(try builder.bind(role.rawValue))::user_role") }
        try builder.after(cursor, table: "users")
        builder.newestFirst(limit: limit)
        return try await client.query(builder.query, logger: logger).collect().map(User.init(row:))
    }

    /// Sets the role of user `id`; the user after the change, `nil` when unknown.
    public static func setRole(id: UUID, to role: UserRole, on client: Database, logger: Logger) async throws -> User? {
        try await client.query(
            "UPDATE users SET role = \(role.rawValue)::user_role WHERE id = \(id) RETURNING id, email, role::text, created_at, updated_at",
            logger: logger
        ).first { _ in true }.map(User.init(row:))
    }
}
