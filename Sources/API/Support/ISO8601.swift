import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// ISO 8601 date-times as the API reads and writes them.
enum ISO8601 {
    /// Parses `2026-11-27T10:00:00Z` or `2026-11-27T10:00:00.123Z` (any offset).
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? fractional.parse(text)
    }
}
