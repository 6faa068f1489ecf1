import Core
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Slows sign-in guessing with growing delays instead of a lock anyone could trigger.
///
/// Per email: after `SIGNIN_MAX_FAILURES_PER_EMAIL` failures within 15 minutes, every further
/// failure makes the next attempt for that email wait 1 s, 2 s, 4 s, … up to
/// `SIGNIN_MAX_DELAY_SECONDS`; an attempt inside the delay is a 429 with `Retry-After` (its
/// password is not checked). A correct password after the delay signs in and clears the count,
/// so an attacker can slow an account's owner by at most the cap, never lock them out.
/// Per client address: past `SIGNIN_MAX_ATTEMPTS_PER_IP` attempts within 15 minutes, each attempt
/// makes the next one from that address wait the same growing delays.
///
/// Counters live in Redis; when Redis is down, sign-in stays available (logged).
struct SignInThrottle: Sendable {
    let redis: any RedisStore
    let settings: APISettings
    let logger: Logger

    /// Length of a counting window.
    static let window: Duration = .seconds(15 * 60)

    /// The wait after the `excess`-th counted event past the free allowance (1-based): 1 s,
    /// 2 s, 4 s, … capped at `cap` seconds.
    static func delay(excess: Int, capSeconds: Int) -> Int {
        guard excess > 0 else { return 0 }
        let doubled = excess > 30 ? Int.max : 1 << (excess - 1)
        return min(doubled, capSeconds)
    }

    private static func emailKey(_ email: String) -> String { "signin:email:\(SecureToken.sha256Hex(email))" }
    private static func addressKey(_ address: String) -> String { "signin:ip:\(address)" }
    /// The key whose remaining time is the current delay of `counter`.
    private static func delayKey(_ counter: String) -> String { "\(counter):wait" }

    /// Refuses the attempt (429) while `email` or `address` is in a delay; counts it for `address`.
    func admit(email: String, address: String?) async throws {
        do {
            var keys = [Self.delayKey(Self.emailKey(email))]
            if let address { keys.append(Self.delayKey(Self.addressKey(address))) }
            let waits = try await redis.timeToLive(keys).compactMap { $0 }
            if let longest = waits.max(), longest > .zero {
                throw Self.limited(retryAfterMilliseconds: Int(longest / .milliseconds(1)))
            }
            if let address {
                let key = Self.addressKey(address)
                let attempts = try await redis.increment(key, expiresIn: Self.window)
                try await startDelay(for: key, excess: attempts - settings.signInAttemptsPerIP + 1)
            }
        } catch let error as APIError {
            throw error
        } catch {
            logger.warning("sign-in throttle unavailable", metadata: ["error": "\(error)"])
        }
    }

    /// Counts a failed attempt for `email` (and starts its next delay past the allowance).
    func recordFailure(email: String) async {
        do {
            let key = Self.emailKey(email)
            let failures = try await redis.increment(key, expiresIn: Self.window)
            try await startDelay(for: key, excess: failures - settings.signInFailuresPerEmail + 1)
        } catch {
            logger.warning("sign-in failure not counted", metadata: ["error": "\(error)"])
        }
    }

    /// Clears `email`'s failures after a correct password.
    func recordSuccess(email: String) async {
        let key = Self.emailKey(email)
        do {
            try await redis.delete([key, Self.delayKey(key)])
        } catch {
            logger.warning("sign-in failures not cleared", metadata: ["error": "\(error)"])
        }
    }

    private func startDelay(for counter: String, excess: Int) async throws {
        let seconds = Self.delay(excess: excess, capSeconds: settings.signInMaxDelaySeconds)
        guard seconds > 0 else { return }
        try await redis.set(Self.delayKey(counter), to: "1", expiresIn: .seconds(seconds))
    }

    private static func limited(retryAfterMilliseconds: Int) -> APIError {
        APIError(.tooManyRequests, code: .rateLimited, message: "Too many sign-in attempts; try again shortly",
                 headers: [.retryAfter: String(max(1, (retryAfterMilliseconds + 999) / 1000))])
    }
}
