@testable import API
import Core
import Foundation
import HTTPTypes
import PostgresNIO
import TestSupport
import Testing

/// Wrong passwords slow an email and an address down with growing delays; nobody can lock an
/// account's owner out, and the client address behind a trusted proxy is the proxy's entry.
@Suite struct SignInDelayTests {
    static func signIn(_ api: APIHarness, _ email: String, _ password: String, from forwarded: String? = nil) async throws -> APIResponse {
        try await api.request(.post, "/auth/signin", json: #"{"email":"\#(email)","password":"\#(password)"}"#,
                              headers: forwarded.map { [.xForwardedFor: $0] } ?? [:])
    }

    @Test func delaysDoubleUpToTheCap() {
        #expect((0...7).map { SignInThrottle.delay(excess: $0, capSeconds: 60) } == [0, 1, 2, 4, 8, 16, 32, 60])
        #expect(SignInThrottle.delay(excess: 1_000, capSeconds: 60) == 60)
        #expect(SignInThrottle.delay(excess: 3, capSeconds: 2) == 2)
    }

    /// Guesses wrong until a guess is refused with 429 (delays double, so one comes however slow
    /// the machine is); the refusal.
    static func guessUntilDelayed(_ api: APIHarness, _ email: String, from forwarded: String? = nil,
                                  variants: [String] = [""]) async throws -> APIResponse? {
        for index in 0..<12 {
            let prefix = variants[index % variants.count]
            let response = try await signIn(api, email, "wrong guess", from: forwarded.map { prefix + $0 })
            if response.status == .tooManyRequests { return response }
            #expect(response.status == .unauthorized)
        }
        return nil
    }

    @Test func theOwnerGetsInAfterTheShortDelayDespiteWrongGuesses() async throws {
        try await APIHarness.with(extra: ["SIGNIN_MAX_FAILURES_PER_EMAIL": "3", "SIGNIN_MAX_DELAY_SECONDS": "4"]) { api in
            _ = try await api.signUp(email: "owner@example.com", password: "the right password")
            for _ in 0..<2 {
                #expect(try await Self.signIn(api, "owner@example.com", "wrong guess").status == .unauthorized)
            }
            let delayed = try #require(try await Self.guessUntilDelayed(api, "owner@example.com"))
            #expect(delayed.code == "rate_limited")
            #expect((1...4).contains(try #require(delayed.headers[.retryAfter].flatMap(Int.init))))
            // However many guesses come, the wait never exceeds the cap.
            var longest = 0
            let guessing = ContinuousClock.now
            while ContinuousClock.now - guessing < .seconds(6) {
                let guess = try await Self.signIn(api, "owner@example.com", "wrong guess")
                if let retry = guess.headers[.retryAfter].flatMap(Int.init) { longest = max(longest, retry) }
                #expect(guess.status == .tooManyRequests || guess.status == .unauthorized)
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect((1...4).contains(longest))
            // The owner retries after Retry-After and gets in.
            var status = HTTPResponse.Status.tooManyRequests
            let deadline = ContinuousClock.now + .seconds(60)
            while status == .tooManyRequests, ContinuousClock.now < deadline {
                let attempt = try await Self.signIn(api, "owner@example.com", "the right password")
                status = attempt.status
                if status == .tooManyRequests {
                    try await Task.sleep(for: .seconds(attempt.headers[.retryAfter].flatMap(Int.init) ?? 1))
                }
            }
            #expect(status == .ok)
            // A success clears the count: the next mistakes are not delayed.
            #expect(try await Self.signIn(api, "owner@example.com", "wrong guess").status == .unauthorized)
            #expect(try await Self.signIn(api, "owner@example.com", "the right password").status == .ok)
        }
    }

    @Test func theAddressIsTheProxysEntryAndItsAttemptsAreDelayed() async throws {
        #expect(ClientAddress.lastForwarded(["1.2.3.4, 10.0.0.1", "198.51.100.9"]) == "198.51.100.9")
        #expect(ClientAddress.lastForwarded(["spoofed, 198.51.100.9 "]) == "198.51.100.9")
        #expect(ClientAddress.lastForwarded(["198.51.100.9, "]) == nil)
        try await APIHarness.with(extra: ["TRUST_PROXY": "true", "SIGNIN_MAX_ATTEMPTS_PER_IP": "2", "SIGNIN_MAX_FAILURES_PER_EMAIL": "1000"]) { api in
            // The client varies what it sends; the proxy appends the address it saw.
            let limited = try #require(try await Self.guessUntilDelayed(api, "a@example.com", from: "198.51.100.9",
                                                                         variants: ["1.1.1.1, ", "2.2.2.2, ", "3.3.3.3, ", "4.4.4.4, "]))
            #expect(limited.code == "rate_limited")
            #expect(limited.headers[.retryAfter] != nil)
            // Another address is not slowed down.
            #expect(try await Self.signIn(api, "a@example.com", "wrong guess", from: "198.51.100.9, 198.51.100.10").status == .unauthorized)
        }
    }
}
