@testable import API
import Core
import Foundation
import HTTPTypes
import PostgresNIO
import TestSupport
import Testing

/// Sign-up is throttled per client address and per email, and wrong signup codes per address.
@Suite struct SignUpThrottleTests {
    static func signUp(_ api: APIHarness, _ email: String, from address: String, code: String? = nil) async throws -> APIResponse {
        let codeField = code.map { #","signupCode":"\#($0)""# } ?? ""
        return try await api.request(.post, "/auth/signup", json: #"{"email":"\#(email)","password":"long enough pw"\#(codeField)}"#,
                                     headers: [.xForwardedFor: "10.0.0.1, \(address)"])
    }

    @Test func signUpsPerAddressAreLimitedWithRetryAfter() async throws {
        try await APIHarness.with(extra: ["TRUST_PROXY": "true", "SIGNUP_MAX_PER_IP": "3"]) { api in
            for index in 0..<3 {
                #expect(try await Self.signUp(api, "u\(index)@example.com", from: "203.0.113.7").status == .created)
            }
            let limited = try await Self.signUp(api, "u3@example.com", from: "203.0.113.7")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.code == "rate_limited")
            #expect((1...3600).contains(try #require(limited.headers[.retryAfter].flatMap(Int.init))))
            #expect(try await api.scalar("SELECT count(*) FROM users WHERE email = 'u3@example.com'", as: Int.self) == 0)
            #expect(try await Self.signUp(api, "u3@example.com", from: "203.0.113.8").status == .created)
        }
    }

    @Test func signUpAttemptsPerEmailAreLimited() async throws {
        try await APIHarness.with(extra: ["SIGNUP_MAX_PER_EMAIL": "2"]) { api in
            let body = #"{"email":"same@example.com","password":"long enough pw"}"#
            #expect(try await api.request(.post, "/auth/signup", json: body).status == .created)
            #expect(try await api.request(.post, "/auth/signup", json: body).status == .conflict)
            let limited = try await api.request(.post, "/auth/signup", json: body)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await api.request(.post, "/auth/signup", json: #"{"email":"other@example.com","password":"long enough pw"}"#).status == .created)
        }
    }

    @Test func signupCodeGuessesPerAddressAreLimited() async throws {
        try await APIHarness.with(extra: ["TRUST_PROXY": "true", "SIGNUP_CODE_MAX_FAILURES_PER_IP": "3"]) { api in
            let admin = try await api.admin()
            #expect(try await api.request(.put, "/admin/signup-code", token: admin.token, json: #"{"code":"let-me-in-2026"}"#).status == .ok)
            for index in 0..<3 {
                let wrong = try await Self.signUp(api, "g\(index)@example.com", from: "198.51.100.4", code: "guess-\(index)")
                #expect(wrong.status == .forbidden)
            }
            // Even the right code is not checked from that address until the window ends.
            let limited = try await Self.signUp(api, "g9@example.com", from: "198.51.100.4", code: "let-me-in-2026")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await Self.signUp(api, "g9@example.com", from: "198.51.100.5", code: "let-me-in-2026").status == .created)
        }
    }
}
