import Core
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Limits sign-in attempts in 15-minute windows: failures per email and attempts per client
/// address, counted in Redis. When Redis is down, sign-in stays available (logged).
struct SignInThrottle: Sendable {
    let redis: any RedisStore
    let settings: APISettings
    let logger: Logger

    /// Length of a counting window.
    static let window: TimeInterval = 15 * 60

    private func windowStart(_ now: Date) -> Int {
        Int((now.timeIntervalSince1970 / Self.window).rounded(.down) * Self.window)
    }

    private func retryAfter(_ now: Date) -> Int {
        max(1, Int((TimeInterval(windowStart(now)) + Self.window - now.timeIntervalSince1970).rounded(.up)))
    }

    private func emailKey(_ email: String, _ now: Date) -> String {
        "signin:email:\(SecureToken.sha256Hex(email)):\(windowStart(now))"
    }

    /// Counts an attempt from `address` and refuses it when either limit is reached.
    func admit(email: String, address: String?, now: Date = Date()) async throws {
        do {
            if let address {
                let attempts = try await redis.increment("signin:ip:\(address):\(windowStart(now))", expiresIn: .seconds(Int(Self.window)))
                if attempts > settings.signInAttemptsPerIP { throw limited(now) }
            }
            if let failures = try await redis.get(emailKey(email, now)).flatMap(Int.init), failures >= settings.signInFailuresPerEmail {
                throw limited(now)
            }
        } catch let error as APIError {
            throw error
        } catch {
            logger.warning("sign-in throttle unavailable", metadata: ["error": "\(error)"])
        }
    }

    /// Counts a failed attempt for `email`.
    func recordFailure(email: String, now: Date = Date()) async {
        do {
            _ = try await redis.increment(emailKey(email, now), expiresIn: .seconds(Int(Self.window)))
        } catch {
            logger.warning("sign-in failure not counted", metadata: ["error": "\(error)"])
        }
    }

    private func limited(_ now: Date) -> APIError {
        APIError(.tooManyRequests, code: "rate_limited", message: "Too many sign-in attempts; try again later",
                 headers: [.retryAfter: String(retryAfter(now))])
    }
}
