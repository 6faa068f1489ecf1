import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// A request body that checks its own values.
protocol Validatable {
    /// Records every problem in `validator`.
    func validate(_ validator: inout Validator)
}

/// Collects per-field problems and turns them into one 400 `validation_failed`.
struct Validator {
    private(set) var problems: [String: String] = [:]

    /// Records `message` for `field` unless one is already recorded.
    mutating func fail(_ field: String, _ message: String) {
        if problems[field] == nil { problems[field] = message }
    }

    /// Requires `condition`.
    mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { fail(field, message) }
    }

    /// Checks a string's length in characters (when present).
    mutating func length(_ value: String?, _ field: String, _ range: ClosedRange<Int>) {
        guard let value else { return }
        let count = value.count
        if count < range.lowerBound {
            fail(field, range.lowerBound == 1 ? "must not be empty" : "must be at least \(range.lowerBound) characters")
        } else if count > range.upperBound {
            fail(field, "must be at most \(range.upperBound) characters")
        }
    }

    /// Checks an email address (when present).
    mutating func email(_ value: String?, _ field: String) {
        guard let value else { return }
        if !Self.isEmail(value) { fail(field, "must be an email address") }
    }

    /// Checks an E.164 phone number (when present).
    mutating func phone(_ value: String?, _ field: String) {
        guard let value else { return }
        let digits = value.dropFirst()
        let valid = value.hasPrefix("+") && (7...15).contains(digits.count) && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            && digits.first != "0"
        if !valid { fail(field, "must be an E.164 phone number such as +14155550123") }
    }

    /// Checks an integer's range (when present).
    mutating func range(_ value: Int?, _ field: String, _ range: ClosedRange<Int>) {
        guard let value else { return }
        if !range.contains(value) { fail(field, "must be between \(range.lowerBound) and \(range.upperBound)") }
    }

    /// Throws the collected problems.
    func finish() throws {
        guard !problems.isEmpty else { return }
        let summary = problems.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
        throw APIError(.badRequest, code: .validationFailed, message: "Invalid request: \(summary)", fields: problems)
    }

    /// Records a problem for every string in `value` (walked through its stored properties,
    /// arrays, dictionaries and optionals) that contains a control character: U+0000–U+001F
    /// other than tab, line feed and carriage return, and U+007F–U+009F. PostgreSQL cannot store
    /// NUL in text (SQLSTATE 22021) and no field of the API has a use for the others.
    mutating func controlCharacters(in value: Any, path: String = "") {
        if let text = value as? String {
            if Self.hasControlCharacter(text) { fail(path.isEmpty ? "body" : path, "must not contain control characters") }
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct, .class, .enum, .tuple, .optional, .collection, .set, .dictionary:
            break
        default:
            return
        }
        for (index, child) in mirror.children.enumerated() {
            let childPath: String
            switch mirror.displayStyle {
            case .optional: childPath = path
            case .collection, .set: childPath = "\(path)[\(index)]"
            case .dictionary:
                // A dictionary's children are (key, value) pairs: name the entry by its key.
                let pair = Mirror(reflecting: child.value).children.map(\.value)
                guard pair.count == 2 else { continue }
                let key = (pair[0] as? String) ?? String(index)
                if Self.hasControlCharacter(key) { fail(path.isEmpty ? "body" : path, "must not contain control characters") }
                controlCharacters(in: pair[1], path: path.isEmpty ? key : "\(path).\(key)")
                continue
            default:
                let label = child.label ?? String(index)
                childPath = path.isEmpty ? label : "\(path).\(label)"
            }
            controlCharacters(in: child.value, path: childPath)
        }
    }

    /// Whether `text` contains a control character other than tab, line feed or carriage return.
    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
        }
    }

    /// Whether `text` is a plausible email address (`local@domain.tld`, no spaces, ≤ 254 characters).
    static func isEmail(_ text: String) -> Bool {
        guard text.count <= 254, !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count) else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && $0.count <= 63 } && !domain.hasPrefix("-")
    }
}
