/// Splits a SQL script into single statements.
///
/// The extended query protocol runs one statement at a time, so migration files are split on
/// semicolons that are outside string literals, quoted identifiers, dollar-quoted bodies and
/// comments.
public enum SQLScript {
    /// The statements of `script`, trimmed, without empty ones or comment-only ones.
    public static func statements(_ script: String) -> [String] {
        let chars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var hasContent = false
        var index = 0

        func flush() {
            let text = String(current).trimmingWhitespace()
            if hasContent, !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasContent = false
        }

        while index < chars.count {
            let c = chars[index]
            let next: Unicode.Scalar? = index + 1 < chars.count ? chars[index + 1] : nil
            if c == "-" && next == "-" {
                while index < chars.count && chars[index] != "\n" { current.append(chars[index]); index += 1 }
                continue
            }
            if c == "/" && next == "*" {
                var depth = 0
                while index < chars.count {
                    if chars[index] == "/" && index + 1 < chars.count && chars[index + 1] == "*" {
                        depth += 1; current.append(chars[index]); current.append(chars[index + 1]); index += 2; continue
                    }
                    if chars[index] == "*" && index + 1 < chars.count && chars[index + 1] == "/" {
                        depth -= 1; current.append(chars[index]); current.append(chars[index + 1]); index += 2
                        if depth == 0 { break }
                        continue
                    }
                    current.append(chars[index]); index += 1
                }
                continue
            }
            if c == "'" || c == "\"" {
                let quote = c
                current.append(c); index += 1; hasContent = true
                while index < chars.count {
                    current.append(chars[index])
                    if chars[index] == quote {
                        if index + 1 < chars.count && chars[index + 1] == quote {
                            current.append(chars[index + 1]); index += 2; continue
                        }
                        index += 1
                        break
                    }
                    index += 1
                }
                continue
            }
            if c == "$", let tagEnd = dollarTagEnd(chars, from: index) {
                let tag = Array(chars[index...tagEnd])
                current.unicodeScalars(append: tag); index = tagEnd + 1; hasContent = true
                while index < chars.count {
                    if chars[index] == "$", index + tag.count <= chars.count, Array(chars[index..<(index + tag.count)]) == tag {
                        current.unicodeScalars(append: tag); index += tag.count
                        break
                    }
                    current.append(chars[index]); index += 1
                }
                continue
            }
            if c == ";" {
                flush(); index += 1
                continue
            }
            if !c.properties.isWhitespace { hasContent = true }
            current.append(c); index += 1
        }
        flush()
        return statements
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `start` (`$$` or `$tag$`).
    private static func dollarTagEnd(_ chars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < chars.count {
            let c = chars[index]
            if c == "$" { return index }
            guard c == "_" || c.properties.isAlphabetic || (index > start + 1 && c.properties.numericType != nil) else {
                return nil
            }
            index += 1
        }
        return nil
    }
}

extension String.UnicodeScalarView {
    fileprivate mutating func unicodeScalars(append scalars: [Unicode.Scalar]) {
        for scalar in scalars { append(scalar) }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
