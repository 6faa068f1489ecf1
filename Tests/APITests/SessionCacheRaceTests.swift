@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import PostgresNIO
import TestSupport
import Testing

/// Sign-out and role changes win over a request that read the session just before them and
/// fills the Redis cache afterwards (a real redis-server).
@Suite struct SessionCacheRaceTests {
    static func withRedis(_ body: @escaping @Sendable (APIHarness, HiredisClient) async throws -> Void) async throws {
        try await RedisServerProcess.withServer { server in
            let redis = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            do {
                try await APIHarness.with(redis: redis) { api in try await body(api, redis) }
            } catch {
                await redis.shutdown()
                throw error
            }
            await redis.shutdown()
        }
    }

    @Test func aCacheFillAfterSignOutDoesNotBringTheSessionBack() async throws {
        try await Self.withRedis { api, redis in
            let user = try await api.signUp()
            #expect(try await api.request(.get, "/auth/me", token: user.token).status == .ok)
            let hash = SecureToken.sha256Hex(user.token)
            let cache = SessionCache(redis: redis)
            guard case .session(let sid, let uid, let role)? = try await cache.entry(hash) else {
                Issue.record("the lookup was not cached")
                return
            }
            #expect(try await api.request(.post, "/auth/signout", token: user.token).status == .ok)
            #expect(try await redis.get(SessionCache.key(hash)) == SessionCache.marker)
            let ttl = try await redis.pipeline([["PTTL", SessionCache.key(hash)]]).first
            #expect((ttl?.int ?? 0) > 60_000, "the marker must outlive any cache entry")
            // A request that read the live session before the sign-out now fills the cache.
            try await cache.fill(hash, sessionId: sid, userId: uid, role: role, ttl: SessionCache.ttl)
            #expect(try await redis.get(SessionCache.key(hash)) == SessionCache.marker)
            let after = try await api.request(.get, "/auth/me", token: user.token)
            #expect(after.status == .unauthorized)
            #expect(try await redis.get(SessionCache.key(hash)) == SessionCache.marker)
        }
    }

    @Test func requestsRacingASignOutLeaveNoLiveCacheEntry() async throws {
        try await Self.withRedis { api, redis in
            let user = try await api.signUp()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { _ = try await api.request(.get, "/auth/me", token: user.token, validate: false) }
                }
                group.addTask { _ = try await api.request(.post, "/auth/signout", token: user.token, validate: false) }
                try await group.waitForAll()
            }
            #expect(try await api.request(.get, "/auth/me", token: user.token).status == .unauthorized)
            #expect(try await redis.get(SessionCache.key(SecureToken.sha256Hex(user.token))) == SessionCache.marker)
        }
    }

    @Test func aRoleChangeIsSeenAtOnceDespiteALateFill() async throws {
        try await Self.withRedis { api, redis in
            let admin = try await api.admin()
            let user = try await api.signUp(.recruiter)
            #expect(try await api.request(.get, "/auth/me", token: user.token).status == .ok)
            let hash = SecureToken.sha256Hex(user.token)
            let cache = SessionCache(redis: redis)
            guard case .session(let sid, let uid, _)? = try await cache.entry(hash) else {
                Issue.record("the lookup was not cached")
                return
            }
            let changed = try await api.request(.patch, "/admin/users/\(user.id.uuidString.lowercased())", token: admin.token,
                                                json: #"{"role":"CANDIDATE"}"#)
            #expect(changed.status == .ok)
            try await cache.fill(hash, sessionId: sid, userId: uid, role: .recruiter, ttl: SessionCache.ttl)
            let me = try await api.request(.get, "/auth/me", token: user.token)
            #expect((me.object["user"] as? [String: Any])?["role"] as? String == "CANDIDATE")
            #expect(try await api.request(.get, "/api-keys", token: user.token).status == .forbidden)
        }
    }
}
