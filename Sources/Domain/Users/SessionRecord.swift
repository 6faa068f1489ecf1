public import Core
public import Foundation
public import Logging
import PostgresNIO

/// A signed-in session; the token itself is never stored, only its SHA-256.
public enum SessionRecord {
    /// Stores a new session of `userId` with id `id` (the id is inside the token).
    public static func insert(id: UUID, userId: UUID, tokenHash: String, expiresAt: Date, on client: Database, logger: Logger) async throws {
        try await client.query(
            "INSERT INTO sessions (id, user_id, token_hash, expires_at) VALUES (\(id), \(userId), \(tokenHash), \(expiresAt))",
            logger: logger
        )
    }

    /// The user of the live session with `tokenHash` and their role; `nil` when revoked, expired or unknown.
    public static func lookup(tokenHash: String, on client: Database, logger: Logger) async throws -> (sessionId: UUID, userId: UUID, role: UserRole, expiresAt: Date)? {
        let rows = try await client.query(
            """
            SELECT s.id, s.user_id, u.role::text, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(tokenHash) AND s.revoked_at IS NULL AND s.expires_at > now()
            """,
            logger: logger
        )
        for try await (id, user, role, expires) in rows.decode((UUID, UUID, String, Date).self) {
            return (id, user, UserRole(rawValue: role) ?? .candidate, expires)
        }
        return nil
    }

    /// Revokes session `id`; its token hash when it was live.
    public static func revoke(id: UUID, on client: Database, logger: Logger) async throws -> String? {
        try await client.query(
            "UPDATE sessions SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING token_hash", logger: logger
        ).decode(String.self).first { _ in true }
    }

    /// Revokes every live session of `userId`; their token hashes.
    public static func revokeAll(userId: UUID, on client: Database, logger: Logger) async throws -> [String] {
        var hashes: [String] = []
        let rows = try await client.query(
            "UPDATE sessions SET revoked_at = now() WHERE user_id = \(userId) AND revoked_at IS NULL RETURNING token_hash", logger: logger
        )
        for try await hash in rows.decode(String.self) { hashes.append(hash) }
        return hashes
    }

    /// The token hashes of every live (unrevoked, unexpired) session of `userId`.
    public static func liveTokenHashes(userId: UUID, on client: Database, logger: Logger) async throws -> [String] {
        var hashes: [String] = []
        let rows = try await client.query(
            "SELECT token_hash FROM sessions WHERE user_id = \(userId) AND revoked_at IS NULL AND expires_at > now()", logger: logger
        )
        for try await hash in rows.decode(String.self) { hashes.append(hash) }
        return hashes
    }
}
