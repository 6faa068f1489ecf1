import Foundation

/// An error thrown when a cron expression cannot be parsed.
///
/// The `message` names the offending field (for example `minute` or
/// `day-of-week`) and the bad value, e.g. `invalid minute field '60': value 60 is out of range 0-59`.
public struct CronParseError: Error, CustomStringConvertible, Equatable {
    /// A human-readable explanation naming the bad field and value.
    public let message: String

    /// Creates an error with the given message.
    public init(message: String) {
        self.message = message
    }

    /// The error message.
    public var description: String { message }
}

/// A parsed cron schedule evaluated in the wall-clock time of a time zone.
///
/// Supported syntax (Vixie cron):
/// - Five fields `minute hour day-of-month month day-of-week`, or six fields with a
///   leading `second` field (`*/1 * * * * *` ticks every second).
/// - Ranges: minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or `JAN`-`DEC`,
///   day-of-week 0-7 (0 and 7 are Sunday) or `SUN`-`SAT`; second 0-59. Names are case-insensitive.
/// - `*`, `a`, `a-b`, `*/n`, `a-b/n`, `a/n` (from `a` to the field maximum every `n`),
///   and comma-separated lists of these (`1,5-10/2`).
/// - Macros: `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`.
///
/// Day matching follows the Vixie rule: if either the day-of-month or the day-of-week
/// field starts with `*` (e.g. `*` or `*/2`) a day must match both fields; if neither
/// starts with `*`, a day matches when EITHER field matches.
///
/// Daylight-saving time behaviour:
/// - Spring forward: a matching wall-clock time that does not exist (e.g. 02:30 in
///   America/New_York on 2026-03-08) fires once, at the first valid instant after the
///   gap (03:00 local). Several skipped times collapse into that single instant, and it
///   is not repeated if 03:00 itself also matches. This applies to every schedule.
/// - Fall back: a matching wall-clock time that occurs twice (01:30 in New York on
///   2026-11-01) fires once, at its first occurrence, when the hour field is restricted
///   (e.g. `30 1 * * *`). When the hour field matches every hour (`*`, `*/1`, `0-23`) the
///   schedule is treated as elapsed-time-like and fires in BOTH repeated hours, so
///   `30 * * * *` fires at 01:30 EDT and again at 01:30 EST and `* * * * *` never pauses.
///
/// Ticks are whole seconds (whole minutes for five-field expressions).
///
/// Equality and hashing are semantic: two expressions are equal when they select the
/// same times in the same time zone (so `@daily` equals `0 0 * * *`).
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The time zone whose wall-clock time the fields are evaluated in.
    public let timeZone: TimeZone

    /// The expression text as given (trimmed, whitespace collapsed).
    private let source: String
    private let spec: Spec

    /// Whether the expression was given in the six-field form with a leading seconds field.
    public var hasSeconds: Bool { spec.hasSeconds }

    /// Parses `"m h dom mon dow"` (or six fields with a leading seconds field) or a macro
    /// such as `@daily`. Throws ``CronParseError`` with a message naming the bad field and value.
    ///
    /// - Parameters:
    ///   - text: The cron expression.
    ///   - timeZone: The time zone whose wall-clock time the fields refer to; UTC by default.
    public init(_ text: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .map(String.init)
        guard !parts.isEmpty else {
            throw CronParseError(message: "empty cron expression")
        }
        self.timeZone = timeZone
        self.source = parts.joined(separator: " ")

        var fields = parts
        if parts.count == 1, let first = parts.first, first.hasPrefix("@") {
            guard let expansion = Self.macros[first.lowercased()] else {
                throw CronParseError(
                    message: "unknown macro '\(first)'; supported: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"
                )
            }
            fields = expansion.split(separator: " ").map(String.init)
        }

        let hasSeconds: Bool
        switch fields.count {
        case 5: hasSeconds = false
        case 6: hasSeconds = true
        default:
            throw CronParseError(
                message: "expected 5 fields (minute hour day-of-month month day-of-week) or 6 fields (second minute hour day-of-month month day-of-week), got \(fields.count) in '\(source)'"
            )
        }
        let offset = hasSeconds ? 1 : 0
        let seconds = hasSeconds ? try Self.parseField(fields[0], .second).mask : 1
        let minutes = try Self.parseField(fields[offset + 0], .minute).mask
        let hours = try Self.parseField(fields[offset + 1], .hour).mask
        let dom = try Self.parseField(fields[offset + 2], .dayOfMonth)
        let months = try Self.parseField(fields[offset + 3], .month).mask
        let dow = try Self.parseField(fields[offset + 4], .dayOfWeek)
        // Fold day-of-week 7 onto 0 (both are Sunday).
        var dowMask = dow.mask
        if dowMask & (1 << 7) != 0 {
            dowMask = (dowMask & ~(1 << 7)) | 1
        }
        self.spec = Spec(
            hasSeconds: hasSeconds,
            seconds: seconds,
            minutes: minutes,
            hours: hours,
            daysOfMonth: dom.mask,
            months: months,
            daysOfWeek: dowMask,
            domStar: dom.startsWithStar,
            dowStar: dow.startsWithStar
        )
    }

    /// The expression text, followed by the time zone identifier in parentheses when it is not UTC.
    public var description: String {
        let id = timeZone.identifier
        if id == "UTC" || id == "GMT" {
            return source
        }
        return "\(source) (\(id))"
    }

    /// Returns `true` when both expressions select the same times in the same time zone.
    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.spec == rhs.spec && lhs.timeZone.identifier == rhs.timeZone.identifier
    }

    /// Hashes the parsed schedule and the time zone identifier.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(spec)
        hasher.combine(timeZone.identifier)
    }

    // MARK: - Evaluation

    /// The first tick strictly after `date`, or `nil` if there is none within roughly the next 8 years
    /// (e.g. for an impossible date such as `0 0 30 2 *`).
    public func next(after date: Date) -> Date? {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e15 else { return nil }
        let minInstant = Int(t.rounded(.down)) + 1
        let startDay = Self.floorDiv(minInstant + offset(at: minInstant), Self.secondsPerDay) - 1
        var day = startDay
        while day - startDay <= Self.searchHorizonDays {
            let civil = Self.civil(fromDays: day)
            if spec.months & (1 << UInt64(civil.month)) == 0 {
                day = nextMatchingMonthStart(after: civil)
                continue
            }
            if spec.matchesDay(civil, weekday: Self.weekday(fromDays: day)),
               let found = firstInstant(onDay: day, atOrAfter: minInstant) {
                // A DST transition spanning midnight can make the following day's first
                // instant precede this one; take the minimum of the two to be safe.
                let nextDay = day + 1
                let nextCivil = Self.civil(fromDays: nextDay)
                if spec.months & (1 << UInt64(nextCivil.month)) != 0,
                   spec.matchesDay(nextCivil, weekday: Self.weekday(fromDays: nextDay)),
                   let other = firstInstant(onDay: nextDay, atOrAfter: minInstant), other < found {
                    return Date(timeIntervalSince1970: TimeInterval(other))
                }
                return Date(timeIntervalSince1970: TimeInterval(found))
            }
            day += 1
        }
        return nil
    }

    /// The latest tick at or before `date` (used for the catch-up "latest" policy), or `nil`
    /// if there is none within roughly the past 8 years.
    public func previous(atOrBefore date: Date) -> Date? {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e15 else { return nil }
        let maxInstant = Int(t.rounded(.down))
        let startDay = Self.floorDiv(maxInstant + offset(at: maxInstant), Self.secondsPerDay) + 1
        var day = startDay
        while startDay - day <= Self.searchHorizonDays {
            let civil = Self.civil(fromDays: day)
            if spec.months & (1 << UInt64(civil.month)) == 0 {
                day = previousMatchingMonthEnd(before: civil)
                continue
            }
            if spec.matchesDay(civil, weekday: Self.weekday(fromDays: day)),
               let found = lastInstant(onDay: day, atOrBefore: maxInstant) {
                let prevDay = day - 1
                let prevCivil = Self.civil(fromDays: prevDay)
                if spec.months & (1 << UInt64(prevCivil.month)) != 0,
                   spec.matchesDay(prevCivil, weekday: Self.weekday(fromDays: prevDay)),
                   let other = lastInstant(onDay: prevDay, atOrBefore: maxInstant), other > found {
                    return Date(timeIntervalSince1970: TimeInterval(other))
                }
                return Date(timeIntervalSince1970: TimeInterval(found))
            }
            day -= 1
        }
        return nil
    }

    /// All ticks in the half-open interval `(start, end]`, in ascending order, at most `limit` of them.
    public func ticks(after start: Date, through end: Date, limit: Int = 10_000) -> [Date] {
        var result: [Date] = []
        guard limit > 0, start < end else { return result }
        var cursor = start
        while result.count < limit, let tick = next(after: cursor), tick <= end {
            result.append(tick)
            cursor = tick
        }
        return result
    }

    // MARK: - Per-day evaluation

    /// A contiguous run of wall-clock seconds of one local day and how it maps to instants.
    private struct Segment {
        /// Local wall-clock seconds (since 1970-01-01T00:00 local), half-open `[lower, upper)`.
        var lower: Int
        var upper: Int
        /// `.offset(o)`: instant = wall - o. `.collapsed(t)`: every wall time maps to instant `t` (DST gap).
        var mapping: Mapping
    }

    private enum Mapping {
        case offset(Int)
        case collapsed(Int)
    }

    /// The segments of local day `day`, in increasing instant order.
    private func segments(ofDay day: Int) -> [Segment] {
        let dayStart = day * Self.secondsPerDay
        let dayEnd = dayStart + Self.secondsPerDay
        // Any instant belonging to this local day lies within [p0, p1] (UTC offsets are within ±15h).
        let p0 = dayStart - 15 * 3600
        let p1 = dayEnd + 15 * 3600
        let before = offset(at: p0)
        let after = offset(at: p1)
        if before == after {
            return [Segment(lower: dayStart, upper: dayEnd, mapping: .offset(before))]
        }
        // Binary-search the transition instant: first second whose offset differs from `before`.
        var lo = p0
        var hi = p1
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if offset(at: mid) == before { lo = mid } else { hi = mid }
        }
        let transition = hi
        var result: [Segment] = []
        func add(_ lower: Int, _ upper: Int, _ mapping: Mapping) {
            let l = max(lower, dayStart)
            let u = min(upper, dayEnd)
            if l < u { result.append(Segment(lower: l, upper: u, mapping: mapping)) }
        }
        if after > before {
            // Spring forward: wall times in [transition+before, transition+after) do not exist.
            add(dayStart, transition + before, .offset(before))
            add(transition + before, transition + after, .collapsed(transition))
            add(transition + after, dayEnd, .offset(after))
        } else {
            // Fall back: wall times in [transition+after, transition+before) occur twice.
            add(dayStart, transition + before, .offset(before))
            let secondStart = spec.firesInRepeatedHour ? transition + after : transition + before
            add(secondStart, dayEnd, .offset(after))
        }
        return result
    }

    /// The earliest tick instant on local day `day` that is `>= minInstant`.
    private func firstInstant(onDay day: Int, atOrAfter minInstant: Int) -> Int? {
        let dayStart = day * Self.secondsPerDay
        for segment in segments(ofDay: day) {
            switch segment.mapping {
            case .offset(let o):
                let lower = max(segment.lower, minInstant + o)
                guard lower < segment.upper,
                      let s = spec.nextTimeOfDay(atOrAfter: lower - dayStart),
                      dayStart + s < segment.upper
                else { continue }
                return dayStart + s - o
            case .collapsed(let instant):
                guard instant >= minInstant,
                      let s = spec.nextTimeOfDay(atOrAfter: segment.lower - dayStart),
                      dayStart + s < segment.upper
                else { continue }
                return instant
            }
        }
        return nil
    }

    /// The latest tick instant on local day `day` that is `<= maxInstant`.
    private func lastInstant(onDay day: Int, atOrBefore maxInstant: Int) -> Int? {
        let dayStart = day * Self.secondsPerDay
        for segment in segments(ofDay: day).reversed() {
            switch segment.mapping {
            case .offset(let o):
                let upper = min(segment.upper - 1, maxInstant + o)
                guard upper >= segment.lower,
                      let s = spec.previousTimeOfDay(atOrBefore: upper - dayStart),
                      dayStart + s >= segment.lower
                else { continue }
                return dayStart + s - o
            case .collapsed(let instant):
                guard instant <= maxInstant,
                      let s = spec.nextTimeOfDay(atOrAfter: segment.lower - dayStart),
                      dayStart + s < segment.upper
                else { continue }
                return instant
            }
        }
        return nil
    }

    private func offset(at instant: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    /// The day number of the first day of the next month (after `civil`'s month) allowed by the month field.
    private func nextMatchingMonthStart(after civil: Civil) -> Int {
        if let m = Spec.firstBit(spec.months, atOrAbove: civil.month + 1), m <= 12 {
            return Self.days(fromYear: civil.year, month: m, day: 1)
        }
        let m = Spec.firstBit(spec.months, atOrAbove: 1) ?? 1
        return Self.days(fromYear: civil.year + 1, month: m, day: 1)
    }

    /// The day number of the last day of the previous month (before `civil`'s month) allowed by the month field.
    private func previousMatchingMonthEnd(before civil: Civil) -> Int {
        if civil.month > 1, let m = Spec.lastBit(spec.months, atOrBelow: civil.month - 1), m >= 1 {
            return Self.days(fromYear: civil.year, month: m, day: Self.daysInMonth(year: civil.year, month: m))
        }
        let m = Spec.lastBit(spec.months, atOrBelow: 12) ?? 12
        return Self.days(fromYear: civil.year - 1, month: m, day: Self.daysInMonth(year: civil.year - 1, month: m))
    }

    // MARK: - Parsed representation

    /// Bit masks of allowed values per field.
    private struct Spec: Sendable, Hashable {
        var hasSeconds: Bool
        var seconds: UInt64  // bits 0-59
        var minutes: UInt64  // bits 0-59
        var hours: UInt64  // bits 0-23
        var daysOfMonth: UInt64  // bits 1-31
        var months: UInt64  // bits 1-12
        var daysOfWeek: UInt64  // bits 0-6, 0 = Sunday
        var domStar: Bool
        var dowStar: Bool

        /// Schedules whose hour field matches every hour fire in both repeated hours on fall-back.
        var firesInRepeatedHour: Bool { hours == (1 << 24) - 1 }

        func matchesDay(_ civil: Civil, weekday: Int) -> Bool {
            let domMatch = daysOfMonth & (1 << UInt64(civil.day)) != 0
            let dowMatch = daysOfWeek & (1 << UInt64(weekday)) != 0
            if domStar || dowStar {
                return domMatch && dowMatch
            }
            return domMatch || dowMatch
        }

        /// The first matching second-of-day `>= s`, or nil.
        func nextTimeOfDay(atOrAfter s: Int) -> Int? {
            guard s < CronExpression.secondsPerDay else { return nil }
            let s = max(s, 0)
            let h0 = s / 3600, m0 = s / 60 % 60, s0 = s % 60
            guard let firstMinute = Self.firstBit(minutes, atOrAbove: 0),
                  let firstSecond = Self.firstBit(seconds, atOrAbove: 0)
            else { return nil }
            if hours & (1 << UInt64(h0)) != 0 {
                if minutes & (1 << UInt64(m0)) != 0, let sec = Self.firstBit(seconds, atOrAbove: s0) {
                    return h0 * 3600 + m0 * 60 + sec
                }
                if let m = Self.firstBit(minutes, atOrAbove: m0 + 1) {
                    return h0 * 3600 + m * 60 + firstSecond
                }
            }
            if let h = Self.firstBit(hours, atOrAbove: h0 + 1) {
                return h * 3600 + firstMinute * 60 + firstSecond
            }
            return nil
        }

        /// The last matching second-of-day `<= s`, or nil.
        func previousTimeOfDay(atOrBefore s: Int) -> Int? {
            guard s >= 0 else { return nil }
            let s = min(s, CronExpression.secondsPerDay - 1)
            let h0 = s / 3600, m0 = s / 60 % 60, s0 = s % 60
            guard let lastMinute = Self.lastBit(minutes, atOrBelow: 59),
                  let lastSecond = Self.lastBit(seconds, atOrBelow: 59)
            else { return nil }
            if hours & (1 << UInt64(h0)) != 0 {
                if minutes & (1 << UInt64(m0)) != 0, let sec = Self.lastBit(seconds, atOrBelow: s0) {
                    return h0 * 3600 + m0 * 60 + sec
                }
                if m0 > 0, let m = Self.lastBit(minutes, atOrBelow: m0 - 1) {
                    return h0 * 3600 + m * 60 + lastSecond
                }
            }
            if h0 > 0, let h = Self.lastBit(hours, atOrBelow: h0 - 1) {
                return h * 3600 + lastMinute * 60 + lastSecond
            }
            return nil
        }

        /// The lowest set bit at index `>= x`.
        static func firstBit(_ mask: UInt64, atOrAbove x: Int) -> Int? {
            guard x < 64 else { return nil }
            let masked = mask & (~UInt64(0) << UInt64(max(x, 0)))
            return masked == 0 ? nil : masked.trailingZeroBitCount
        }

        /// The highest set bit at index `<= x`.
        static func lastBit(_ mask: UInt64, atOrBelow x: Int) -> Int? {
            guard x >= 0 else { return nil }
            let masked = x >= 63 ? mask : mask & ((UInt64(1) << UInt64(x + 1)) - 1)
            return masked == 0 ? nil : 63 - masked.leadingZeroBitCount
        }
    }

    // MARK: - Parsing

    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
        "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@hourly": "0 * * * *",
    ]

    private enum Field {
        case second, minute, hour, dayOfMonth, month, dayOfWeek

        var name: String {
            switch self {
            case .second: "second"
            case .minute: "minute"
            case .hour: "hour"
            case .dayOfMonth: "day-of-month"
            case .month: "month"
            case .dayOfWeek: "day-of-week"
            }
        }

        var range: ClosedRange<Int> {
            switch self {
            case .second, .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }

        var names: [String] {
            switch self {
            case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
            default: []
            }
        }

        /// The value of names[0].
        var firstNameValue: Int { self == .month ? 1 : 0 }
    }

    private static func parseField(_ text: String, _ field: Field) throws -> (mask: UInt64, startsWithStar: Bool) {
        func fail(_ reason: String) -> CronParseError {
            CronParseError(message: "invalid \(field.name) field '\(text)': \(reason)")
        }
        var mask: UInt64 = 0
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        for item in items {
            guard !item.isEmpty else { throw fail("empty list element") }
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw fail("more than one '/' in '\(item)'") }
            let rangeText = pieces[0]
            var step = 1
            if pieces.count == 2 {
                let stepText = pieces[1]
                guard !stepText.isEmpty else { throw fail("missing step after '/' in '\(item)'") }
                guard stepText.allSatisfy(\.isASCIIDigit) else {
                    throw fail("step '\(stepText)' is not a positive integer")
                }
                guard let n = Int(stepText) else { throw fail("step \(stepText) is too large") }
                guard n >= 1 else { throw fail("step must be at least 1, got \(stepText)") }
                step = n
            }
            let lower: Int
            let upper: Int
            if rangeText == "*" {
                lower = field.range.lowerBound
                upper = field.range.upperBound
            } else {
                guard !rangeText.isEmpty else { throw fail("missing value in '\(item)'") }
                let bounds = rangeText.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else { throw fail("malformed range '\(rangeText)'") }
                lower = try parseValue(bounds[0], field, fail)
                if bounds.count == 2 {
                    upper = try parseValue(bounds[1], field, fail)
                    guard lower <= upper else {
                        throw fail("range start \(bounds[0]) is greater than range end \(bounds[1])")
                    }
                } else if pieces.count == 2 {
                    // `a/n` means from `a` to the end of the field's range.
                    upper = field.range.upperBound
                } else {
                    upper = lower
                }
            }
            var value = lower
            while true {
                mask |= 1 << UInt64(value)
                guard step <= upper - value else { break }
                value += step
            }
        }
        return (mask, text.hasPrefix("*"))
    }

    private static func parseValue(
        _ text: Substring,
        _ field: Field,
        _ fail: (String) -> CronParseError
    ) throws -> Int {
        guard !text.isEmpty else { throw fail("missing value") }
        if text.allSatisfy(\.isASCIIDigit) {
            guard let value = Int(text), field.range.contains(value) else {
                throw fail(
                    "value \(text) is out of range \(field.range.lowerBound)-\(field.range.upperBound)"
                )
            }
            return value
        }
        if let index = field.names.firstIndex(of: text.uppercased()) {
            return field.firstNameValue + index
        }
        if field.names.isEmpty {
            throw fail("'\(text)' is not a number")
        }
        throw fail("unknown value '\(text)' (expected a number or one of \(field.names.joined(separator: ", ")))")
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)

    private static let secondsPerDay = 86_400
    /// How far `next`/`previous` search: a little over 8 years, enough to span the longest gap
    /// between leap days (e.g. 2096-02-29 to 2104-02-29).
    private static let searchHorizonDays = 3_000

    fileprivate struct Civil {
        var year: Int
        var month: Int
        var day: Int
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday.
    private static func weekday(fromDays z: Int) -> Int {
        ((z % 7) + 7 + 4) % 7
    }

    private static func civil(fromDays days: Int) -> Civil {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return Civil(year: y, month: m, day: d)
    }

    private static func days(fromYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return ascii >= 48 && ascii <= 57
    }
}
