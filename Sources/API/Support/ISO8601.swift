import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// ISO 8601 date-times as the API reads and writes them, bounded to a sane range.
///
/// Every date a client or a provider gives is kept within ``earliest`` … ``latest``: Foundation
/// accepts years of six digits and more (`+275760-09-13T00:00:00Z`), which would overflow
/// PostgresNIO's microsecond encoding of `timestamptz`, and no date of this platform is meant to
/// lie outside 2000–2200.
enum ISO8601 {
    /// The earliest date the API accepts: 2000-01-01T00:00:00Z.
    static let earliest = Date(timeIntervalSince1970: 946_684_800)
    /// The latest date the API accepts: 2200-01-01T00:00:00Z.
    static let latest = Date(timeIntervalSince1970: 7_258_118_400)

    /// Parses `2026-11-27T10:00:00Z` or `2026-11-27T10:00:00.123Z` (any offset) within
    /// ``earliest`` … ``latest``; anything else (another shape, a year outside the range, more than
    /// 40 characters) is `nil`.
    static func parse(_ text: String) -> Date? {
        // The longest valid spelling (fractional seconds and an offset) has 32 characters.
        guard text.utf8.count <= 40 else { return nil }
        let date: Date
        if let plain = try? Date(text, strategy: .iso8601) {
            date = plain
        } else if let fractional = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            date = fractional
        } else {
            return nil
        }
        return (earliest...latest).contains(date) ? date : nil
    }

    /// `date` moved into ``earliest`` … ``latest`` (for dates providers report, which are recorded
    /// rather than refused).
    static func clamp(_ date: Date) -> Date {
        min(max(date, earliest), latest)
    }

    /// A provider's Unix timestamp (seconds) as a date within the range; `nil` when it is not a
    /// finite number.
    static func clamped(secondsSince1970 seconds: Double) -> Date? {
        guard seconds.isFinite else { return nil }
        let bounded = min(max(seconds, earliest.timeIntervalSince1970), latest.timeIntervalSince1970)
        return Date(timeIntervalSince1970: bounded)
    }
}
