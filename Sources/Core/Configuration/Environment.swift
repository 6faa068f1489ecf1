import Foundation

/// The process environment, optionally overlaid on a `.env` file.
///
/// Variables set in the real environment win over those read from the file, so a deployment
/// platform's settings are never overridden by a stray `.env` in the working directory.
public struct Environment: Sendable {
    /// The merged variables.
    public private(set) var values: [String: String]

    /// Wraps an explicit dictionary (used by tests).
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The process environment merged over the `.env` file at `dotEnvPath`, if it exists.
    public static func current(dotEnvPath: String = ".env") throws -> Environment {
        var merged: [String: String] = [:]
        if FileManager.default.fileExists(atPath: dotEnvPath) {
            let text = try String(contentsOfFile: dotEnvPath, encoding: .utf8)
            merged = try parseDotEnv(text)
        }
        for (key, value) in ProcessInfo.processInfo.environment {
            merged[key] = value
        }
        return Environment(merged)
    }

    /// The value of `name`, with surrounding whitespace removed; empty values count as unset.
    public subscript(name: String) -> String? {
        guard let raw = values[name] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Sets or removes a variable.
    public mutating func set(_ name: String, _ value: String?) {
        values[name] = value
    }

    /// Parses `KEY=value` lines: `#` comments, optional `export `, single or double quotes.
    public static func parseDotEnv(_ text: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(".env", "line \(index + 1) is not KEY=value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
                if first == "\"" { value = value.replacingOccurrences(of: "\\n", with: "\n") }
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            result[key] = value
        }
        return result
    }
}
