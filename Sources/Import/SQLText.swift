import Foundation

/// Quoting of identifiers and literals for the SQL the importer generates from a mapping.
enum SQLText {
    /// `name` as a quoted identifier; `schema.table` quotes both parts.
    static func identifier(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false)
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: ".")
    }

    /// `text` as a string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The source columns an expression reads from alias `s` (`s.name`).
    static func sourceColumns(in expression: String) -> Set<String> {
        var names: Set<String> = []
        let scalars = Array(expression.unicodeScalars)
        var index = 0
        func isWord(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" }
        while index + 1 < scalars.count {
            if scalars[index] == "s", scalars[index + 1] == ".", index == 0 || !isWord(scalars[index - 1]) {
                var end = index + 2
                var name = ""
                while end < scalars.count, isWord(scalars[end]) {
                    name.unicodeScalars.append(scalars[end])
                    end += 1
                }
                if !name.isEmpty { names.insert(name) }
                index = end
            } else {
                index += 1
            }
        }
        return names
    }
}
