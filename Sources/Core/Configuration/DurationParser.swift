import Foundation

/// Parses the duration syntax of `JWT_EXPIRES_IN` and similar settings.
///
/// Accepts a whole number of seconds (`3600`) or a number with a unit: `s`, `m`, `h`, `d`, `w`
/// (`30m`, `12h`, `7d`). The result must be positive.
public enum DurationParser {
    /// The parsed duration, or `nil` when `text` is not in the accepted syntax.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let last = trimmed.last else { return nil }
        let multiplier: Int64
        var digits = Substring(trimmed)
        switch last {
        case "s": multiplier = 1; digits = digits.dropLast()
        case "m": multiplier = 60; digits = digits.dropLast()
        case "h": multiplier = 3_600; digits = digits.dropLast()
        case "d": multiplier = 86_400; digits = digits.dropLast()
        case "w": multiplier = 604_800; digits = digits.dropLast()
        default: multiplier = 1
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              let value = Int64(digits), value > 0, value <= Int64.max / multiplier / 1_000
        else { return nil }
        return .seconds(value * multiplier)
    }
}
