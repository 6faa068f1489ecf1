import Foundation
public import Logging

/// Carries ``SocketRevocation``s to every process through Redis pub/sub, on a channel of their own.
///
/// Best effort like ``EventBus``: the revocation itself is committed in PostgreSQL (a revoked
/// session authenticates nothing, and each request reads it), so a lost message only leaves a
/// socket open until it reconnects; the process that revokes also disconnects its own sockets
/// without going through Redis.
public struct SocketRevocationBus: Sendable {
    /// The Redis channel of revocations.
    public static let channel = "vantahire:socket-revocations"

    private let redis: any RedisStore
    private let logger: Logger

    /// A bus over `redis`.
    public init(redis: any RedisStore, logger: Logger) {
        self.redis = redis
        self.logger = logger
    }

    /// Sends `revocation` to every subscribed process; never throws.
    public func publish(_ revocation: SocketRevocation) async {
        do {
            let text = String(decoding: try JSONEncoder().encode(revocation), as: UTF8.self)
            try await redis.publish(text, to: Self.channel)
        } catch {
            logger.warning("socket revocation not published", metadata: ["error": "\(error)"])
        }
    }

    /// Every revocation published from now on, by any process (malformed messages are skipped).
    public func revocations() async throws -> AsyncCompactMapSequence<RedisSubscription, SocketRevocation> {
        let logger = self.logger
        return try await redis.subscribe(to: [Self.channel]).compactMap { message in
            do {
                return try JSONDecoder().decode(SocketRevocation.self, from: Data(message.payload.utf8))
            } catch {
                logger.warning("malformed socket revocation ignored", metadata: ["error": "\(error)"])
                return nil
            }
        }
    }
}
