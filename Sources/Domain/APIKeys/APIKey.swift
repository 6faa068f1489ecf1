public import Core
public import Foundation
public import Logging
import PostgresNIO

/// An API key as its owner sees it (never the key itself, which is shown once at creation).
public struct APIKey: Sendable, Codable, Equatable {
    /// Id.
    public var id: UUID
    /// Owner.
    public var userId: UUID
    /// Name given by the owner.
    public var name: String
    /// First characters, for recognising the key.
    public var keyPrefix: String
    /// Granted scopes.
    public var scopes: [String]
    /// Optional expiry.
    public var expiresAt: Date?
    /// Requests per day.
    public var rateLimit: Int
    /// Requests today (recorded in batches).
    public var requestsToday: Int
    /// Last use.
    public var lastRequestAt: Date?
    /// `active` or `revoked`.
    public var status: String
    /// Creation time.
    public var createdAt: Date

    /// Every scope a key may carry.
    public static let knownScopes: Set<String> = ["interviews:read", "interviews:write", "jobs:read", "jobs:write"]

    static let columns = "id, user_id, name, key_prefix, scopes, expires_at, rate_limit, requests_today, last_request_at, status, created_at"

    init(row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        id = try r["id"].decode(UUID.self)
        userId = try r["user_id"].decode(UUID.self)
        name = try r["name"].decode(String.self)
        keyPrefix = try r["key_prefix"].decode(String.self)
        scopes = try r["scopes"].decode([String].self)
        expiresAt = try r["expires_at"].decode(Date?.self)
        rateLimit = try r["rate_limit"].decode(Int.self)
        requestsToday = try r["requests_today"].decode(Int.self)
        lastRequestAt = try r["last_request_at"].decode(Date?.self)
        status = try r["status"].decode(String.self)
        createdAt = try r["created_at"].decode(Date.self)
    }

    /// Stores a key by its hash.
    public static func insert(userId: UUID, name: String, keyHash: String, keyPrefix: String, scopes: [String], expiresAt: Date?,
                              rateLimit: Int, on client: Database, logger: Logger) async throws -> APIKey {
        let query: PostgresQuery = """
            INSERT INTO api_keys (user_id, name, key_hash, key_prefix, scopes, expires_at, rate_limit)
            VALUES (\(userId), \(name), \(keyHash), \(keyPrefix), \(scopes), \(expiresAt), \(rateLimit))
            RETURNING \(unescaped: columns)
            """
        guard let row = try await client.query(query, logger: logger).first(where: { _ in true }) else {
            throw PostgresDomainError("INSERT returned no row")
        }
        return try APIKey(row: row)
    }

    /// `userId`'s keys, newest first.
    public static func list(userId: UUID, on client: Database, logger: Logger) async throws -> [APIKey] {
        try await client.query("SELECT \(unescaped: columns) FROM api_keys WHERE user_id = \(userId) ORDER BY created_at DESC, id DESC", logger: logger)
            .collect().map(APIKey.init(row:))
    }

    /// The active, unexpired key with `keyHash` and its owner's role.
    public static func authenticate(keyHash: String, on client: Database, logger: Logger) async throws -> (APIKey, UserRole)? {
        let rows = try await client.query(
            """
            SELECT k.id, k.user_id, k.name, k.key_prefix, k.scopes, k.expires_at, k.rate_limit, k.requests_today, k.last_request_at,
                   k.status, k.created_at, u.role::text AS role
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_hash = \(keyHash) AND k.status = 'active' AND (k.expires_at IS NULL OR k.expires_at > now())
            """,
            logger: logger
        )
        for try await row in rows {
            let role = UserRole(rawValue: try row.makeRandomAccess()["role"].decode(String.self)) ?? .candidate
            return (try APIKey(row: row), role)
        }
        return nil
    }

    /// Revokes key `id` of `userId`; the key after the change, `nil` when not theirs.
    public static func revoke(id: UUID, userId: UUID, on client: Database, logger: Logger) async throws -> APIKey? {
        try await client.query(
            "UPDATE api_keys SET status = 'revoked' WHERE id = \(id) AND user_id = \(userId) RETURNING \(unescaped: columns)",
            logger: logger
        ).first { _ in true }.map(APIKey.init(row:))
    }

    /// Records usage counted in Redis: today's count (never lowered) and the last request time.
    public static func recordUsage(_ usage: [(id: UUID, requestsToday: Int, lastRequestAt: Date)], on client: Database, logger: Logger) async throws {
        guard !usage.isEmpty else { return }
        let ids = usage.map(\.id)
        let counts = usage.map(\.requestsToday)
        let times = usage.map(\.lastRequestAt)
        try await client.query(
            """
            UPDATE api_keys k SET requests_today = GREATEST(k.requests_today, u.count),
                                  last_request_at = GREATEST(k.last_request_at, u.at)
            FROM unnest(\(ids)::uuid[], \(counts)::int8[], \(times)::timestamptz[]) AS u(id, count, at)
            WHERE k.id = u.id
            """,
            logger: logger
        )
    }
}
