import Core
import Foundation
import HTTPTypes
import Logging

/// Admits text-interview turns: one at a time per interview, across every `web` replica (a Redis
/// lock with a TTL, so a crashed process cannot hold it past `TEXT_INTERVIEW_TURN_TIMEOUT_SECONDS`),
/// and at most `TEXT_INTERVIEW_TURNS_PER_MINUTE` per interview (the candidate's token). A second
/// turn while one runs is a 409 `turn_in_progress`; past the rate, a 429 with `Retry-After`.
/// When Redis is down, turns are admitted (logged).
struct TextTurnGate: Sendable {
    let redis: any RedisStore
    let settings: ConversationSettings
    let logger: Logger

    static func lockKey(_ interviewId: UUID) -> String { "text:turn:\(interviewId.uuidString.lowercased())" }

    /// A held turn; ``release()`` ends it.
    struct Turn: Sendable {
        let redis: any RedisStore
        let key: String
        let owner: String
        let logger: Logger

        /// Releases the lock if this turn still holds it (it may have expired and been taken).
        func release() async {
            do {
                if try await redis.get(key) == owner { try await redis.delete(key) }
            } catch {
                logger.warning("text turn lock not released; it expires on its own", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Counts the turn against the rate and takes the interview's lock; throws 429/409.
    func admit(_ interviewId: UUID, now: Date = Date()) async throws -> Turn? {
        let owner = UUID().uuidString
        let key = Self.lockKey(interviewId)
        do {
            let window = Int(now.timeIntervalSince1970) / 60 * 60
            let count = try await redis.increment("text:rate:\(interviewId.uuidString.lowercased()):\(window)", expiresIn: .seconds(60))
            if count > settings.turnsPerMinute {
                let retryAfter = max(1, window + 60 - Int(now.timeIntervalSince1970))
                throw APIError(.tooManyRequests, code: .rateLimited,
                               message: "Too many messages; at most \(settings.turnsPerMinute) a minute",
                               headers: [.retryAfter: String(retryAfter)])
            }
            guard try await redis.set(ifAbsent: key, to: owner, expiresIn: .seconds(settings.turnLockSeconds)) else {
                throw APIError(.conflict, code: .turnInProgress, message: "The interviewer is still answering your previous message")
            }
            return Turn(redis: redis, key: key, owner: owner, logger: logger)
        } catch let error as APIError {
            throw error
        } catch {
            logger.warning("text turn gate unavailable: turn admitted without lock", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
