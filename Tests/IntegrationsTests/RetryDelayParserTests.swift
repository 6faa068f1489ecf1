import Foundation
import NIOHTTP1
import Testing

@testable import Integrations

@Suite("Retry-After and rate-limit header parsing")
struct RetryDelayParserTests {
    @Test("delta-seconds, decimals and retry-after-ms")
    func seconds() {
        #expect(RetryDelayParser.retryDelay(from: ["Retry-After": "2"]) == .seconds(2))
        #expect(RetryDelayParser.retryDelay(from: ["Retry-After": " 0 "]) == .zero)
        #expect(RetryDelayParser.retryDelay(from: ["Retry-After": "1.5"]) == .milliseconds(1500))
        #expect(RetryDelayParser.retryDelay(from: ["retry-after-ms": "250", "Retry-After": "9"]) == .milliseconds(250))
        #expect(RetryDelayParser.retryDelay(from: ["Retry-After": "-3"]) == nil)
        #expect(RetryDelayParser.retryDelay(from: ["Retry-After": "soon"]) == nil)
        #expect(RetryDelayParser.retryDelay(from: [:]) == nil)
    }

    @Test("HTTP-dates in all three RFC 9110 formats, relative to now, never negative")
    func httpDates() throws {
        let now = try #require(RetryDelayParser.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(RetryDelayParser.parseRetryAfter("Sun, 06 Nov 1994 08:50:07 GMT", now: now) == .seconds(30))
        #expect(RetryDelayParser.parseRetryAfter("Sunday, 06-Nov-94 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryDelayParser.parseRetryAfter("Sun Nov  6 08:49:57 1994", now: now) == .seconds(20))
        #expect(RetryDelayParser.parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
    }

    @Test("Go-style durations as Groq sends them")
    func goDurations() {
        #expect(RetryDelayParser.parseGoDuration("7.66s") == .milliseconds(7660))
        #expect(RetryDelayParser.parseGoDuration("2m59.56s") == .milliseconds(179_560))
        #expect(RetryDelayParser.parseGoDuration("9m38.016s") == .milliseconds(578_016))
        #expect(RetryDelayParser.parseGoDuration("1h2m3s") == .seconds(3723))
        #expect(RetryDelayParser.parseGoDuration("120ms") == .milliseconds(120))
        #expect(RetryDelayParser.parseGoDuration("") == nil)
        #expect(RetryDelayParser.parseGoDuration("12") == nil)
        #expect(RetryDelayParser.parseGoDuration("3x") == nil)
    }

    @Test("Groq reset headers: an exhausted limit's reset wins, otherwise the sooner one")
    func groqResetHeaders() {
        let tokensExhausted: HTTPHeaders = [
            "x-ratelimit-remaining-requests": "14000", "x-ratelimit-reset-requests": "2m59.56s",
            "x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "7.66s",
        ]
        #expect(RetryDelayParser.retryDelay(from: tokensExhausted) == .milliseconds(7660))
        let requestsExhausted: HTTPHeaders = [
            "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "2m59.56s",
            "x-ratelimit-remaining-tokens": "100", "x-ratelimit-reset-tokens": "7.66s",
        ]
        #expect(RetryDelayParser.retryDelay(from: requestsExhausted) == .milliseconds(179_560))
        let neither: HTTPHeaders = ["x-ratelimit-reset-requests": "2m", "x-ratelimit-reset-tokens": "3s"]
        #expect(RetryDelayParser.retryDelay(from: neither) == .seconds(3))
    }

    @Test("Brevo's x-sib-ratelimit-reset seconds")
    func brevoReset() {
        #expect(RetryDelayParser.retryDelay(from: ["x-sib-ratelimit-reset": "12"]) == .seconds(12))
    }
}
