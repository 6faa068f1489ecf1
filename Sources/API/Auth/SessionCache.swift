import Core
import Domain
import Foundation
import Logging

/// The Redis cache of session lookups (`session:<token hash>` → `sid|uid|role`, for a minute),
/// with invalidation that a racing request cannot undo.
///
/// A request that read a live session from PostgreSQL just before a sign-out (or a role change)
/// would put it back in the cache afterwards and keep it alive for a minute. So the cache is filled
/// only where the key is absent (`SET … NX`), and invalidating writes a marker (`invalidated`)
/// that outlives any fill in flight (``markerTTL`` ≥ ``ttl``): a late fill finds the marker and
/// changes nothing, and lookups that find it read PostgreSQL, which knows the session is revoked
/// (or its new role).
struct SessionCache: Sendable {
    let redis: any RedisStore

    /// How long a lookup is cached.
    static let ttl: Duration = .seconds(60)
    /// How long the invalidation marker lives: longer than an entry, so no fill started before
    /// the invalidation can outlive it.
    static let markerTTL: Duration = .seconds(120)
    /// The marker's value.
    static let marker = "invalidated"

    /// A cached entry.
    enum Entry: Equatable {
        /// A live session of `userId` with `role`.
        case session(id: UUID, userId: UUID, role: UserRole)
        /// Invalidated recently: ask PostgreSQL and do not cache.
        case invalidated
    }

    static func key(_ tokenHash: String) -> String { "session:\(tokenHash)" }

    /// The entry for `tokenHash`, `nil` when nothing usable is cached.
    func entry(_ tokenHash: String) async throws -> Entry? {
        guard let cached = try await redis.get(Self.key(tokenHash)) else { return nil }
        if cached == Self.marker { return .invalidated }
        let parts = cached.split(separator: "|")
        guard parts.count == 3, let sid = UUID(uuidString: String(parts[0])), let uid = UUID(uuidString: String(parts[1])),
              let role = UserRole(rawValue: String(parts[2]))
        else { return nil }
        return .session(id: sid, userId: uid, role: role)
    }

    /// Caches a session read from PostgreSQL, unless the key holds anything (a marker included).
    func fill(_ tokenHash: String, sessionId: UUID, userId: UUID, role: UserRole, ttl: Duration) async throws {
        let value = "\(sessionId.uuidString)|\(userId.uuidString)|\(role.rawValue)"
        try await redis.set(ifAbsent: Self.key(tokenHash), to: value, expiresIn: .seconds(max(1, ttl.components.seconds)))
    }

    /// Replaces the entries of `tokenHashes` with the marker. Retried a few times; if Redis stays
    /// unreachable, entries expire within ``ttl`` (logged).
    func invalidate(_ tokenHashes: [String], logger: Logger) async {
        guard !tokenHashes.isEmpty else { return }
        for attempt in 1...3 {
            do {
                // Concurrent commands share the client's connection, so they go out pipelined, not
                // one round trip each.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for tokenHash in tokenHashes {
                        group.addTask { try await redis.set(Self.key(tokenHash), to: Self.marker, expiresIn: Self.markerTTL) }
                    }
                    try await group.waitForAll()
                }
                return
            } catch {
                if attempt == 3 {
                    logger.error("session cache not invalidated; cached entries expire within a minute", metadata: ["error": "\(error)"])
                } else {
                    try? await Task.sleep(for: .milliseconds(100 * attempt))
                }
            }
        }
    }
}
