public import Foundation
public import Logging

/// Publishes ``RealtimeEvent``s to every process through Redis pub/sub.
///
/// Realtime delivery is best effort: when Redis is down, `publish` logs and returns, because the
/// state the event describes is already committed in PostgreSQL and clients re-read it.
public struct EventBus: Sendable {
    /// The Redis channel every event travels on.
    public static let channel = "vantahire:events"

    private let redis: any RedisStore
    private let logger: Logger

    /// A bus over `redis`.
    public init(redis: any RedisStore, logger: Logger) {
        self.redis = redis
        self.logger = logger
    }

    /// Sends `event` to subscribers in every process; never throws.
    public func publish(_ event: RealtimeEvent) async {
        do {
            let text = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
            try await redis.publish(text, to: Self.channel)
        } catch {
            logger.warning("realtime event not published", metadata: ["event": "\(event.name)", "error": "\(error)"])
        }
    }

    /// Publishes `events` in order; never throws.
    public func publish(_ events: [RealtimeEvent]) async {
        for event in events { await publish(event) }
    }

    /// Publishes `interview:update` for `update` to the recruiter's room and, for a status change,
    /// without the evaluation to the interview's room (``RealtimeEvent/interviewUpdate(_:recruiterId:)``);
    /// never throws.
    public func publish(_ update: InterviewUpdate, recruiterId: UUID) async {
        do {
            await publish(try RealtimeEvent.interviewUpdate(update, recruiterId: recruiterId))
        } catch {
            logger.warning("realtime event not published", metadata: ["event": "interview:update", "error": "\(error)"])
        }
    }

    /// Every event published from now on, by any process.
    public func events() async throws -> AsyncCompactMapSequence<RedisSubscription, RealtimeEvent> {
        let logger = self.logger
        return try await redis.subscribe(to: [Self.channel]).compactMap { message in
            do {
                return try JSONDecoder().decode(RealtimeEvent.self, from: Data(message.payload.utf8))
            } catch {
                logger.warning("malformed realtime event ignored", metadata: ["error": "\(error)"])
                return nil
            }
        }
    }
}
