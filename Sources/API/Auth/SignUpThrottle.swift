import Core
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Limits sign-ups in one-hour windows, counted in Redis: attempts per client address
/// (`SIGNUP_MAX_PER_IP`) and per email (`SIGNUP_MAX_PER_EMAIL`), before any password is hashed;
/// and wrong signup codes per client address (`SIGNUP_CODE_MAX_FAILURES_PER_IP`), so the code
/// cannot be guessed. Over a limit: 429 with `Retry-After` (the window's end). When Redis is
/// down, sign-up stays available (logged).
struct SignUpThrottle: Sendable {
    let redis: any RedisStore
    let settings: APISettings
    let logger: Logger

    /// Length of a counting window, in seconds.
    static let window = 3600

    private static func windowStart(_ now: Date) -> Int {
        Int(now.timeIntervalSince1970) / window * window
    }

    private static func limited(_ now: Date, _ message: String) -> APIError {
        let retryAfter = max(1, windowStart(now) + window - Int(now.timeIntervalSince1970))
        return APIError(.tooManyRequests, code: .rateLimited, message: message, headers: [.retryAfter: String(retryAfter)])
    }

    private static func codeKey(_ address: String, _ now: Date) -> String { "signup:code:ip:\(address):\(windowStart(now))" }

    /// Counts a sign-up attempt for `address` and `email`; 429 past either limit.
    func admit(email: String, address: String?, now: Date = Date()) async throws {
        do {
            let window = Self.windowStart(now)
            if let address {
                let attempts = try await redis.increment("signup:ip:\(address):\(window)", expiresIn: .seconds(Self.window))
                if attempts > settings.signUpsPerIP { throw Self.limited(now, "Too many sign-ups from your address; try again later") }
            }
            let perEmail = try await redis.increment("signup:email:\(SecureToken.sha256Hex(email)):\(window)", expiresIn: .seconds(Self.window))
            if perEmail > settings.signUpsPerEmail { throw Self.limited(now, "Too many sign-up attempts for this email; try again later") }
        } catch let error as APIError {
            throw error
        } catch {
            logger.warning("sign-up throttle unavailable", metadata: ["error": "\(error)"])
        }
    }

    /// 429 when `address` already sent too many wrong signup codes (checked before the code is).
    func admitSignupCode(address: String?, now: Date = Date()) async throws {
        guard let address else { return }
        do {
            if let failures = try await redis.get(Self.codeKey(address, now)).flatMap(Int.init), failures >= settings.signupCodeFailuresPerIP {
                throw Self.limited(now, "Too many wrong signup codes; try again later")
            }
        } catch let error as APIError {
            throw error
        } catch {
            logger.warning("signup code throttle unavailable", metadata: ["error": "\(error)"])
        }
    }

    /// Counts a wrong signup code from `address`.
    func recordSignupCodeFailure(address: String?, now: Date = Date()) async {
        guard let address else { return }
        do {
            _ = try await redis.increment(Self.codeKey(address, now), expiresIn: .seconds(Self.window))
        } catch {
            logger.warning("wrong signup code not counted", metadata: ["error": "\(error)"])
        }
    }
}
