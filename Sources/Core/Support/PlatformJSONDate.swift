import Foundation

/// ISO 8601 UTC date-times with milliseconds, written digit by digit (no formatter, no locale).
enum PlatformJSONDate {
    /// Appends `2026-11-27T10:00:00.123Z` for `date` (milliseconds truncated toward the past).
    static func write(_ date: Date, to output: inout [UInt8]) {
        // Rounded to whole microseconds first (PostgreSQL's precision; a decimal fraction is not
        // exact in binary), then truncated to milliseconds.
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var totalMilliseconds = microseconds / 1000
        if microseconds % 1000 < 0 { totalMilliseconds -= 1 }
        var days = totalMilliseconds / 86_400_000
        var milliseconds = totalMilliseconds % 86_400_000
        if milliseconds < 0 {
            milliseconds += 86_400_000
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let secondsOfDay = milliseconds / 1000
        digits(year, count: 4, to: &output)
        output.append(UInt8(ascii: "-"))
        digits(month, count: 2, to: &output)
        output.append(UInt8(ascii: "-"))
        digits(day, count: 2, to: &output)
        output.append(UInt8(ascii: "T"))
        digits(secondsOfDay / 3600, count: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        digits(secondsOfDay / 60 % 60, count: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        digits(secondsOfDay % 60, count: 2, to: &output)
        output.append(UInt8(ascii: "."))
        digits(milliseconds % 1000, count: 3, to: &output)
        output.append(UInt8(ascii: "Z"))
    }

    /// Proleptic Gregorian year, month and day of `days` since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func digits(_ value: Int64, count: Int, to output: inout [UInt8]) {
        if value < 0 {
            output.append(UInt8(ascii: "-"))
            digits(-value, count: count, to: &output)
            return
        }
        var divisor: Int64 = 1
        for _ in 1..<count { divisor *= 10 }
        guard value < divisor * 10 else {
            output.append(contentsOf: String(value).utf8)
            return
        }
        var rest = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
