@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import PostgresNIO
import TestSupport
import Testing

@Suite struct AuthRoutesTests {
    @Test func signUpAnswersUserAndTokenAndSetsAnHttpOnlyCookie() async throws {
        try await APIHarness.with { api in
            let response = try await api.request(.post, "/auth/signup", json: #"{"email":"Ana@Example.com","password":"long enough pw"}"#)
            #expect(response.status == .created)
            let user = try #require(response.object["user"] as? [String: Any])
            #expect(user["email"] as? String == "ana@example.com")
            #expect(user["role"] as? String == "RECRUITER")
            #expect(user["passwordHash"] == nil)
            #expect((response.object["token"] as? String)?.isEmpty == false)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("vh_session="))
            // Over plain http (the test configuration) the cookie is SameSite=Lax without Secure;
            // SessionCookieAndCORSTests covers the https deployments.
            for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] { #expect(cookie.contains(attribute)) }
            let stored = try await api.scalar("SELECT password_hash FROM users WHERE email = 'ana@example.com'", as: String.self)
            #expect(stored?.hasPrefix("$2b$") == true)
        }
    }

    @Test func duplicateEmailIs409AndBadBodiesAre400WithFields() async throws {
        try await APIHarness.with { api in
            _ = try await api.signUp(email: "dup@example.com")
            let again = try await api.request(.post, "/auth/signup", json: #"{"email":"DUP@example.com","password":"long enough pw"}"#)
            #expect(again.status == .conflict)
            #expect(again.code == "email_taken")
            let bad = try await api.request(.post, "/auth/signup", json: #"{"email":"not-an-email","password":"short","role":"ADMIN"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.code == "validation_failed")
            let fields = try #require(bad.object["fields"] as? [String: String])
            #expect(Set(fields.keys) == ["email", "password", "role"])
            #expect((bad.object["error"] as? String)?.isEmpty == false)
            let wrongType = try await api.request(.post, "/auth/signup", json: #"{"email":42,"password":"long enough pw"}"#)
            #expect(wrongType.status == .badRequest)
            #expect((wrongType.object["fields"] as? [String: String])?["email"] == "must be a string")
            let notJSON = try await api.request(.post, "/auth/signup", json: "{nope")
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.code == "invalid_json")
            let missing = try await api.request(.post, "/auth/signup", json: #"{"password":"long enough pw"}"#)
            #expect((missing.object["fields"] as? [String: String])?["email"] == "is required")
        }
    }

    @Test func signInChecksThePasswordAndMeAnswersTheUser() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp(.candidate, email: "cara@example.com", password: "candidate pw 1")
            let wrong = try await api.request(.post, "/auth/signin", json: #"{"email":"cara@example.com","password":"nope nope"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.code == "invalid_credentials")
            let unknown = try await api.request(.post, "/auth/signin", json: #"{"email":"nobody@example.com","password":"nope nope"}"#)
            #expect(unknown.status == .unauthorized)
            #expect(unknown.object["error"] as? String == wrong.object["error"] as? String)
            let ok = try await api.request(.post, "/auth/signin", json: #"{"email":"CARA@example.com","password":"candidate pw 1"}"#)
            #expect(ok.status == .ok)
            let token = try #require(ok.object["token"] as? String)
            let me = try await api.request(.get, "/auth/me", token: token)
            #expect(me.status == .ok)
            let meUser = try #require(me.object["user"] as? [String: Any])
            #expect(meUser["id"] as? String == user.id.uuidString.lowercased())
            #expect(meUser["role"] as? String == "CANDIDATE")
        }
    }

    @Test func migratedBcrypt2aHashesSignInAndAreUpgraded() async throws {
        try await APIHarness.with { api in
            let legacy = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
            try await api.db.client.query("INSERT INTO users (email, password_hash) VALUES ('old@example.com', \(legacy))", logger: api.db.logger)
            let ok = try await api.request(.post, "/auth/signin", json: #"{"email":"old@example.com","password":"U*U"}"#)
            #expect(ok.status == .ok)
            let stored = try await api.scalar("SELECT password_hash FROM users WHERE email = 'old@example.com'", as: String.self)
            #expect(stored?.hasPrefix("$2b$") == true)
            let again = try await api.request(.post, "/auth/signin", json: #"{"email":"old@example.com","password":"U*U"}"#)
            #expect(again.status == .ok)
        }
    }

    @Test func signOutRevokesTheSessionAtOnce() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp()
            #expect(try await api.request(.get, "/auth/me", token: user.token).status == .ok)
            let out = try await api.request(.post, "/auth/signout", token: user.token)
            #expect(out.status == .ok)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await api.request(.get, "/auth/me", token: user.token)
            #expect(after.status == .unauthorized)
            #expect(after.code == "unauthorized")
            let revoked = try await api.scalar("SELECT count(*) FROM sessions WHERE user_id = \(user.id) AND revoked_at IS NOT NULL", as: Int.self)
            #expect(revoked == 1)
        }
    }

    @Test func invalidAndExpiredTokensAre401() async throws {
        try await APIHarness.with { api in
            #expect(try await api.request(.get, "/auth/me").status == .unauthorized)
            #expect(try await api.request(.get, "/auth/me", token: "garbage").status == .unauthorized)
            let signer = TokenSigner(secret: "test-secret-test-secret-test-secret-42")
            let expired = try signer.sign(SessionClaims(typ: "session", sub: UUID(), sid: UUID(), iat: 1, exp: 2))
            #expect(try await api.request(.get, "/auth/me", token: expired).status == .unauthorized)
            let forged = try TokenSigner(secret: "someone else's secret value 1234").sign(
                SessionClaims(typ: "session", sub: UUID(), sid: UUID(), iat: 1, exp: Int(Date().timeIntervalSince1970) + 3600))
            #expect(try await api.request(.get, "/auth/me", token: forged).status == .unauthorized)
            let basic = try await api.request(.get, "/auth/me", headers: [.authorization: "Basic Zm9vOmJhcg=="])
            #expect(basic.status == .unauthorized)
        }
    }

    @Test func theSessionCookieAuthenticatesReadsAndSameOriginChangesOnly() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp()
            let cookie: HTTPFields = [.cookie: "other=1; vh_session=\(user.token)"]
            #expect(try await api.request(.get, "/auth/me", headers: cookie).status == .ok)
            var crossSite = cookie
            crossSite[.origin] = "https://evil.example"
            let forged = try await api.request(.post, "/api-keys", json: #"{"name":"x","scopes":["jobs:read"]}"#, headers: crossSite)
            #expect(forged.status == .forbidden)
            var sameSite = cookie
            sameSite[.origin] = "http://localhost:5173"
            let allowed = try await api.request(.post, "/api-keys", json: #"{"name":"x","scopes":["jobs:read"]}"#, headers: sameSite)
            #expect(allowed.status == .created)
        }
    }

    @Test func signInIsThrottledPerEmailWithRetryAfter() async throws {
        try await APIHarness.with(extra: ["SIGNIN_MAX_FAILURES_PER_EMAIL": "3"]) { api in
            _ = try await api.signUp(email: "target@example.com", password: "the right password")
            for _ in 0..<2 {
                let failed = try await api.request(.post, "/auth/signin", json: #"{"email":"target@example.com","password":"wrong guess"}"#)
                #expect(failed.status == .unauthorized)
            }
            // From the third failure on, each one delays the next attempt (1 s, 2 s, …).
            let limited = try #require(try await SignInDelayTests.guessUntilDelayed(api, "target@example.com"))
            #expect(limited.status == .tooManyRequests)
            #expect(limited.code == "rate_limited")
            let retry = try #require(limited.headers[.retryAfter].flatMap(Int.init))
            #expect((1...900).contains(retry))
            // Another account is not affected.
            _ = try await api.signUp(email: "other@example.com", password: "the right password")
            let other = try await api.request(.post, "/auth/signin", json: #"{"email":"other@example.com","password":"the right password"}"#)
            #expect(other.status == .ok)
        }
    }

    @Test func recruiterSignUpNeedsTheSignupCodeOnceOneIsSet() async throws {
        try await APIHarness.with { api in
            let admin = try await api.admin()
            let set = try await api.request(.put, "/admin/signup-code", token: admin.token, json: #"{"code":"let-me-in-2026"}"#)
            #expect(set.status == .ok)
            #expect(set.object["enabled"] as? Bool == true)
            let stored = try await api.scalar("SELECT signup_code_hash FROM admin_settings", as: String.self)
            #expect(stored?.hasPrefix("$2b$") == true)
            let without = try await api.request(.post, "/auth/signup", json: #"{"email":"r1@example.com","password":"long enough pw"}"#)
            #expect(without.status == .forbidden)
            #expect(without.code == "invalid_signup_code")
            let wrong = try await api.request(.post, "/auth/signup", json: #"{"email":"r1@example.com","password":"long enough pw","signupCode":"guess-guess"}"#)
            #expect(wrong.status == .forbidden)
            let right = try await api.request(.post, "/auth/signup", json: #"{"email":"r1@example.com","password":"long enough pw","signupCode":"let-me-in-2026"}"#)
            #expect(right.status == .created)
            let candidate = try await api.request(.post, "/auth/signup", json: #"{"email":"c1@example.com","password":"long enough pw","role":"CANDIDATE"}"#)
            #expect(candidate.status == .created)
            let cleared = try await api.request(.put, "/admin/signup-code", token: admin.token, json: #"{"code":null}"#)
            #expect(cleared.object["enabled"] as? Bool == false)
            let open = try await api.request(.post, "/auth/signup", json: #"{"email":"r2@example.com","password":"long enough pw"}"#)
            #expect(open.status == .created)
        }
    }

    @Test func adminRevocationAndRoleChangesApplyAtOnce() async throws {
        try await APIHarness.with { api in
            let admin = try await api.admin()
            let user = try await api.signUp()
            #expect(try await api.request(.get, "/api-keys", token: user.token).status == .ok)
            let demote = try await api.request(.patch, "/admin/users/\(user.id.uuidString)", token: admin.token, json: #"{"role":"CANDIDATE"}"#)
            #expect(demote.status == .ok)
            #expect(try await api.request(.get, "/api-keys", token: user.token).status == .forbidden)
            let revoke = try await api.request(.post, "/admin/users/\(user.id.uuidString)/revoke-sessions", token: admin.token)
            #expect(revoke.status == .ok)
            #expect(revoke.object["revoked"] as? Int == 1)
            #expect(try await api.request(.get, "/auth/me", token: user.token).status == .unauthorized)
        }
    }

    @Test func profileIsSavedAndValidated() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp()
            let bad = try await api.request(.patch, "/profile", token: user.token, json: #"{"brandColor":"red"}"#)
            #expect(bad.status == .badRequest)
            let logo = try await api.upload(tinyPNG, name: "logo.png", category: "LOGO", token: user.token)
            let logoId = try #require(logo.object["id"] as? String)
            let ok = try await api.request(.patch, "/profile", token: user.token,
                                           json: ##"{"companyName":"Acme","brandColor":"#1A2B3C","emailCta":"Start","logoFileId":"\##(logoId)"}"##)
            #expect(ok.status == .ok)
            let partial = try await api.request(.patch, "/profile", token: user.token, json: #"{"emailIntro":"Hello"}"#)
            let profile = try #require(partial.object["profile"] as? [String: Any])
            #expect(profile["companyName"] as? String == "Acme")
            #expect(profile["emailIntro"] as? String == "Hello")
            let me = try await api.request(.get, "/auth/me", token: user.token)
            #expect(((me.object["user"] as? [String: Any])?["profile"] as? [String: Any])?["brandColor"] as? String == "#1A2B3C")
        }
    }
}
