public import Core
import Domain
public import Foundation
public import Logging
public import Realtime

/// Makes the end or change of a user's sessions take effect everywhere at once: the session rows
/// (PostgreSQL), the lookup cache (Redis, see ``SessionCache``) and the realtime sockets those
/// sessions authenticated, in this process directly and in every other `web` process through
/// ``SocketRevocationBus``.
///
/// Used by sign-out, the admin routes and the `vantahire users` command (which has no sockets of
/// its own: `realtime` is `nil`).
public struct SessionRevoker: Sendable {
    let platform: Platform
    let realtime: RealtimeServer<Caller>?

    /// A revoker over `platform`; `realtime` is this process's socket server, if it has one.
    public init(platform: Platform, realtime: RealtimeServer<Caller>? = nil) {
        self.platform = platform
        self.realtime = realtime
    }

    /// Signs session `sessionId` of `userId` out: revokes it, drops its cache entry and
    /// disconnects the sockets it authenticated.
    func signOut(sessionId: UUID, userId: UUID, logger: Logger) async throws {
        if let hash = try await SessionRecord.revoke(id: sessionId, on: platform.postgres, logger: logger) {
            await SessionCache(redis: platform.redis).invalidate([hash], logger: logger)
        }
        await disconnect(.signOut(userId: userId, sessionId: sessionId))
    }

    /// Revokes every session of `userId` and disconnects all of their sockets.
    /// - Returns: how many live sessions were revoked.
    @discardableResult
    public func revokeAll(userId: UUID, logger: Logger) async throws -> Int {
        let hashes = try await SessionRecord.revokeAll(userId: userId, on: platform.postgres, logger: logger)
        await SessionCache(redis: platform.redis).invalidate(hashes, logger: logger)
        await disconnect(.allSessions(userId: userId))
        return hashes.count
    }

    /// Applies a role change of `userId` (already written) to their live sessions: cached
    /// lookups carry the old role and are dropped, so the next request reads the new one; their
    /// sockets are closed so that clients reconnect with the new role (an admin's joins of other
    /// recruiters' interviews end with the admin role).
    public func roleChanged(userId: UUID, logger: Logger) async throws {
        let hashes = try await SessionRecord.liveTokenHashes(userId: userId, on: platform.postgres, logger: logger)
        await SessionCache(redis: platform.redis).invalidate(hashes, logger: logger)
        await disconnect(.roleChanged(userId: userId))
    }

    /// Disconnects the sockets `revocation` names here, and publishes it to the other processes.
    func disconnect(_ revocation: SocketRevocation) async {
        if let realtime {
            RealtimeGateway.disconnect(revocation, on: realtime)
        }
        await SocketRevocationBus(redis: platform.redis, logger: platform.logger).publish(revocation)
    }
}
