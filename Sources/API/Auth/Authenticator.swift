import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Turns a request's credentials into a ``Caller``.
///
/// Accepted, in order: `X-API-Key: vh_…` or `Authorization: Bearer vh_…` (API key);
/// `Authorization: Bearer <JWT>` (session or interview token); `?token=<interview token>`; the
/// session cookie. A credential that is present but invalid is a 401, never a silent fallback to
/// anonymous. Session lookups are cached in Redis for a minute (see ``SessionCache``).
struct Authenticator: Sendable {
    let platform: Platform
    let signer: TokenSigner
    let usage: APIKeyUsageRecorder

    /// The result: who is asking and the rate-limit headers to add to the response.
    struct Outcome {
        var caller: Caller?
        var headers: HTTPFields = [:]
    }

    func authenticate(_ request: Request, logger: Logger) async throws -> Outcome {
        if let key = request.headers[.apiKey] {
            return try await apiKey(key, logger: logger)
        }
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Self.invalid("Use Authorization: Bearer <token>")
            }
            let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
            if token.hasPrefix(APIKeyFormat.prefix) {
                return try await apiKey(token, logger: logger)
            }
            return Outcome(caller: try await bearer(token, logger: logger))
        }
        if let token = request.uri.queryParameters["token"].map(String.init) {
            return Outcome(caller: try await interview(token, logger: logger))
        }
        if let token = SessionCookie.token(in: request) {
            // A cookie travels with cross-site requests: changes need the app's own origin.
            if !Self.isSafe(request.method) {
                guard let origin = request.headers[.origin], TrustedOrigin.contains(origin, configuration: platform.configuration) else {
                    throw APIError(.forbidden, code: .forbidden, message: "Cookie-authenticated changes must come from the web app's origin")
                }
            }
            guard let caller = try await session(token, logger: logger) else {
                throw Self.invalid("The session has ended; sign in again")
            }
            return Outcome(caller: caller)
        }
        return Outcome(caller: nil)
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options
    }

    static func invalid(_ message: String) -> APIError {
        APIError(.unauthorized, code: .unauthorized, message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// A bearer JWT: a session token or an interview token.
    func bearer(_ token: String, logger: Logger) async throws -> Caller {
        struct Kind: Decodable { let typ: String? }
        guard let kind = try? signer.verify(token, as: Kind.self) else {
            throw Self.invalid("The token is invalid")
        }
        if kind.typ == "interview" {
            return try await interview(token, logger: logger)
        }
        guard let caller = try await session(token, logger: logger) else {
            throw Self.invalid("The session has ended; sign in again")
        }
        return caller
    }

    /// The candidate of interview token `token`: validly signed, unexpired, and of the interview's
    /// current token version (an older link was revoked by an email change or a regeneration).
    func interview(_ token: String, logger: Logger) async throws -> Caller {
        guard let verified = InterviewToken.verify(token, signer: signer) else {
            throw Self.invalid("The interview link is invalid or has expired")
        }
        let interviewId = verified.interviewId
        guard let current = try await InterviewTokenVersion.current(interviewId: interviewId, on: platform.postgres, logger: logger) else {
            throw Self.invalid("The interview link is invalid or has expired")
        }
        guard current == verified.version else {
            throw APIError(.unauthorized, code: .linkRevoked, message: "This interview link was replaced; use the latest link you received",
                           headers: [.wwwAuthenticate: "Bearer"])
        }
        return Caller(credential: .interview(id: interviewId), userId: nil, role: nil)
    }

    /// The caller of session token `token`, or `nil` when it is not a live session.
    func session(_ token: String, logger: Logger) async throws -> Caller? {
        guard let claims = try? signer.verify(token, as: SessionClaims.self), claims.typ == "session",
              TimeInterval(claims.exp) > Date().timeIntervalSince1970
        else { return nil }
        let hash = SecureToken.sha256Hex(token)
        let cache = SessionCache(redis: platform.redis)
        var fill = true
        do {
            switch try await cache.entry(hash) {
            case .session(let sid, let uid, let role)? where sid == claims.sid:
                return Caller(credential: .session(id: sid), userId: uid, role: role)
            case .invalidated?:
                // Revoked or changed moments ago: PostgreSQL decides, and the marker stays.
                fill = false
            default:
                break
            }
        } catch {
            logger.warning("session cache unavailable; reading PostgreSQL", metadata: ["error": "\(error)"])
        }
        guard let row = try await SessionRecord.lookup(tokenHash: hash, on: platform.postgres, logger: logger), row.sessionId == claims.sid else {
            return nil
        }
        if fill {
            let ttl = min(SessionCache.ttl, .seconds(max(1, Int(row.expiresAt.timeIntervalSinceNow))))
            try? await cache.fill(hash, sessionId: row.sessionId, userId: row.userId, role: row.role, ttl: ttl)
        }
        return Caller(credential: .session(id: row.sessionId), userId: row.userId, role: row.role)
    }

    static func apiKeyCacheKey(_ keyHash: String) -> String { "apikey:\(keyHash)" }

    /// Authenticates an API key and counts the request against its daily quota.
    func apiKey(_ key: String, logger: Logger) async throws -> Outcome {
        guard APIKeyFormat.isWellFormed(key),
              let (record, role) = try await APIKey.authenticate(keyHash: SecureToken.sha256Hex(key), on: platform.postgres, logger: logger)
        else {
            throw Self.invalid("The API key is invalid, revoked or expired")
        }
        let now = Date()
        let reset = QuotaWindow.nextReset(after: now)
        var headers: HTTPFields = [.rateLimitLimit: String(record.rateLimit), .rateLimitReset: String(Int(reset.timeIntervalSince1970))]
        do {
            let count = try await platform.redis.increment(APIKeyQuota.redisKey(for: record.id), expiresIn: .seconds(25 * 3600))
            headers[.rateLimitRemaining] = String(max(0, record.rateLimit - count))
            await usage.record(id: record.id, requestsToday: count, at: now)
            if count > record.rateLimit {
                var errorHeaders = headers
                errorHeaders[.retryAfter] = String(max(1, Int(reset.timeIntervalSince(now).rounded(.up))))
                throw APIError(.tooManyRequests, code: .rateLimited,
                               message: "The API key used its \(record.rateLimit) requests for today; the quota resets at midnight UTC",
                               headers: errorHeaders)
            }
        } catch let error as APIError {
            throw error
        } catch {
            logger.warning("API key quota not checked: Redis unavailable", metadata: ["error": "\(error)"])
        }
        let caller = Caller(credential: .apiKey(id: record.id, scopes: Set(record.scopes)), userId: record.userId, role: role)
        return Outcome(caller: caller, headers: headers)
    }
}

/// The daily quota window of API keys: UTC days (the `reset_api_quotas` job runs at midnight).
enum QuotaWindow {
    /// The next UTC midnight after `date`.
    static func nextReset(after date: Date) -> Date {
        let day = 86_400.0
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / day).rounded(.down) * day + day)
    }
}

extension HTTPField.Name {
    /// `X-API-Key`.
    static let apiKey = HTTPField.Name("X-API-Key")!
    /// `X-RateLimit-Limit`.
    static let rateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
    /// `X-RateLimit-Remaining`.
    static let rateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
    /// `X-RateLimit-Reset` (seconds since 1970).
    static let rateLimitReset = HTTPField.Name("X-RateLimit-Reset")!
}
