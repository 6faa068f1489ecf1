public import Foundation
public import Logging
public import PostgresNIO

/// Daily request quotas of API keys: `api_keys.requests_today` in PostgreSQL (the record) and a
/// per-key counter in Redis (the fast path used by request rate limiting).
public enum APIKeyQuota {
    /// The Redis key counting today's requests of API key `id`.
    public static func redisKey(for id: UUID) -> String {
        "quota:api_key:\(id.uuidString.lowercased())"
    }

    /// Sets every key's `requests_today` to zero; returns the ids of keys that had requests.
    public static func resetAll(on connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        let query: PostgresQuery = "UPDATE api_keys SET requests_today = 0 WHERE requests_today <> 0 RETURNING id"
        var ids: [UUID] = []
        for try await id in try await connection.query(query, logger: logger).decode(UUID.self) { ids.append(id) }
        return ids
    }

    /// Ids of every key (for clearing Redis counters that PostgreSQL did not record yet).
    public static func allKeyIDs(on connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        var ids: [UUID] = []
        for try await id in try await connection.query("SELECT id FROM api_keys", logger: logger).decode(UUID.self) { ids.append(id) }
        return ids
    }
}
