/// Turns model text into what a text-to-speech voice should read: markdown markers removed,
/// whitespace collapsed to single spaces.
///
/// Removed: every `*` and backtick; `_` unless it joins two letters or digits (`snake_case`,
/// `first_last@example.com`); `#` unless it follows a letter or digit (`C#`, `F#`); heading,
/// block-quote and bullet markers at the start of a line (`## `, `> `, `- `, `* `, `+ `, `• `);
/// horizontal rules (`---`). Line breaks become spaces.
public enum SpeakableText {
    /// The speakable form of `text`.
    public static func normalize(_ text: String) -> String {
        normalize(Array(text.unicodeScalars)[...])
    }

    /// The speakable form of `text`.
    static func normalize(_ text: ArraySlice<Unicode.Scalar>) -> String {
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        var lineStart = text.startIndex
        while lineStart < text.endIndex {
            var lineEnd = lineStart
            while lineEnd < text.endIndex && text[lineEnd] != "\n" { lineEnd += 1 }
            let line = stripLineMarkers(text[lineStart..<lineEnd])
            for (offset, scalar) in line.enumerated() {
                let index = line.startIndex + offset
                if SentenceBoundaryRules.isWhitespace(scalar) {
                    pendingSpace = !output.isEmpty
                    continue
                }
                guard keeps(scalar, at: index, in: line) else { continue }
                if pendingSpace {
                    output.append(" ")
                    pendingSpace = false
                }
                output.append(scalar)
            }
            pendingSpace = !output.isEmpty
            lineStart = lineEnd + 1
        }
        return String(output)
    }

    /// The line without leading whitespace and block markers; empty for a horizontal rule.
    private static func stripLineMarkers(_ line: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var rest = line.drop { SentenceBoundaryRules.isWhitespace($0) }
        if isHorizontalRule(rest) { return rest[rest.endIndex...] }
        var changed = true
        while changed {
            changed = false
            let hashes = rest.prefix { $0 == "#" }
            if !hashes.isEmpty && hashes.count <= 6 {
                let after = rest.dropFirst(hashes.count)
                if after.isEmpty || SentenceBoundaryRules.isWhitespace(after[after.startIndex]) {
                    rest = after.drop { SentenceBoundaryRules.isWhitespace($0) }
                    changed = true
                    continue
                }
            }
            if let first = rest.first, ["-", "*", "+", ">", "\u{2022}"].contains(first) {
                let after = rest.dropFirst()
                if first == ">" || after.isEmpty || SentenceBoundaryRules.isWhitespace(after[after.startIndex]) {
                    rest = after.drop { SentenceBoundaryRules.isWhitespace($0) }
                    changed = true
                }
            }
        }
        return rest
    }

    /// `---`, `***`, `___` (spaces allowed between the markers).
    private static func isHorizontalRule(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        var markers = 0
        for scalar in line {
            if scalar == "-" || scalar == "*" || scalar == "_" {
                markers += 1
            } else if !SentenceBoundaryRules.isWhitespace(scalar) {
                return false
            }
        }
        return markers >= 3
    }

    /// Whether the inline `scalar` at `index` of `line` is spoken text rather than markup.
    private static func keeps(_ scalar: Unicode.Scalar, at index: Int, in line: ArraySlice<Unicode.Scalar>) -> Bool {
        switch scalar {
        case "*", "`":
            return false
        case "_":
            guard index > line.startIndex, index + 1 < line.endIndex else { return false }
            return isWordCharacter(line[index - 1]) && isWordCharacter(line[index + 1])
        case "#":
            guard index > line.startIndex else { return false }
            return isWordCharacter(line[index - 1])
        default:
            return true
        }
    }

    /// Letters and digits.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
