internal import Foundation
internal import NIOHTTP1

/// Reads the wait a provider asks for from its response headers.
///
/// Understood, in order of precedence:
/// 1. `retry-after-ms` — milliseconds (OpenAI-compatible servers);
/// 2. `Retry-After` — delta-seconds or an HTTP-date (RFC 9110 §10.2.3);
/// 3. Groq's `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens` — Go-style durations
///    (`7.66s`, `2m59.56s`, `120ms`); the reset of an exhausted limit (`x-ratelimit-remaining-*`
///    equal to `0`) wins, otherwise the sooner of the two;
/// 4. Brevo's `x-sib-ratelimit-reset` — seconds.
enum RetryDelayParser {
    /// The wait the headers ask for, or `nil` if they name none. Never negative.
    static func retryDelay(from headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let value = headers.first(name: "retry-after-ms"), let milliseconds = Double(trimmed(value)),
            milliseconds.isFinite, milliseconds >= 0
        {
            return .milliseconds(milliseconds)
        }
        if let value = headers.first(name: "retry-after"), let delay = parseRetryAfter(value, now: now) {
            return delay
        }
        if let delay = groqResetDelay(from: headers) {
            return delay
        }
        if let value = headers.first(name: "x-sib-ratelimit-reset"), let seconds = Double(trimmed(value)),
            seconds.isFinite, seconds >= 0
        {
            return .milliseconds(seconds * 1000)
        }
        return nil
    }

    /// Parses a `Retry-After` value: delta-seconds (decimals tolerated) or an HTTP-date.
    static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let text = trimmed(value)
        if let seconds = Double(text) {
            guard seconds.isFinite, seconds >= 0 else { return nil }
            return .milliseconds(seconds * 1000)
        }
        guard let date = parseHTTPDate(text) else { return nil }
        let seconds = max(0, date.timeIntervalSince(now))
        return .milliseconds((seconds * 1000).rounded())
    }

    /// Parses an HTTP-date in any of the three formats RFC 9110 requires recipients to accept.
    static func parseHTTPDate(_ text: String) -> Date? {
        let formats = [
            "EEE, dd MMM yyyy HH:mm:ss zzz",  // IMF-fixdate
            "EEEE, dd-MMM-yy HH:mm:ss zzz",  // obsolete RFC 850
            "EEE MMM d HH:mm:ss yyyy",  // asctime
        ]
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        for format in formats {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// Parses a Go `time.Duration` string as Groq sends it (`1h2m3.5s`, `7.66s`, `250ms`).
    static func parseGoDuration(_ value: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("h", 3600), ("m", 60), ("s", 1),
        ]
        var rest = Substring(trimmed(value))
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let amount = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += amount * unit.seconds
        }
        guard total.isFinite, total >= 0 else { return nil }
        return .nanoseconds(Int64((total * 1e9).rounded()))
    }

    private static func groqResetDelay(from headers: HTTPHeaders) -> Duration? {
        let limits = ["requests", "tokens"].compactMap { limit -> (delay: Duration, exhausted: Bool)? in
            guard let reset = headers.first(name: "x-ratelimit-reset-\(limit)"),
                let delay = parseGoDuration(reset)
            else { return nil }
            let remaining = headers.first(name: "x-ratelimit-remaining-\(limit)").map(trimmed)
            return (delay, remaining == "0")
        }
        let exhausted = limits.filter(\.exhausted)
        if !exhausted.isEmpty { return exhausted.map(\.delay).max() }
        return limits.map(\.delay).min()
    }

    private static func trimmed(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespaces)
    }
}
