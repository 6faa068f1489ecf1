/// The boundary decisions of ``SentenceChunker``, as pure functions of the buffered text.
///
/// Every decision reads only characters that are present; when it needs one that has not arrived
/// yet it answers ``Boundary/needMore`` (unless the text is final), which is what makes the
/// chunking independent of how the text was split into deltas.
enum SentenceBoundaryRules {
    /// What a position of the buffer is.
    enum Boundary: Equatable {
        /// Not a boundary; go on with the next position.
        case none
        /// Not a boundary, and nothing up to `next` (exclusive) is one either.
        case skip(to: Int)
        /// A clause break (`,` `;` `:` + whitespace): a place to cut an over-long chunk.
        case clause(end: Int)
        /// A sentence ends at `end` (exclusive); scanning resumes at `resume`.
        case sentence(end: Int, resume: Int)
        /// Undecidable until more text arrives.
        case needMore
    }

    /// Words that end with a period without ending the sentence (lower-cased, final period
    /// removed). Dotted initials such as `U.S` or `a.m` are recognised by shape instead.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "approx",
        "dept", "est", "fig", "inc", "ltd", "co", "corp", "gov", "gen", "col", "capt", "lt",
        "sgt", "rev", "hon", "vol", "cf", "al", "viz", "ph.d", "b.sc", "m.sc", "e.g", "i.e",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// The kind of position at `index`.
    static func boundary(in text: [Unicode.Scalar], at index: Int, sentenceStart: Int, final: Bool) -> Boundary {
        switch text[index] {
        case ".", "!", "?", "\u{2026}":
            return terminal(in: text, at: index, sentenceStart: sentenceStart, final: final)
        case "\n":
            return lineBreak(in: text, at: index, final: final)
        case ",", ";", ":":
            guard index + 1 < text.count else { return final ? .clause(end: index + 1) : .needMore }
            return isWhitespace(text[index + 1]) ? .clause(end: index + 1) : .none
        default:
            return .none
        }
    }

    // MARK: - Sentence punctuation

    /// Decides a run of `.` `!` `?` `…` starting at `index`.
    private static func terminal(in text: [Unicode.Scalar], at index: Int, sentenceStart: Int, final: Bool) -> Boundary {
        var runEnd = index
        while runEnd < text.count && isTerminal(text[runEnd]) { runEnd += 1 }
        if runEnd == text.count && !final { return .needMore }  // the run may go on ("..." or "?!")

        var end = runEnd
        while end < text.count && isCloser(text[end]) { end += 1 }
        guard end < text.count else { return final ? .sentence(end: end, resume: end) : .needMore }
        // "3.5", "v2.1", "vantahire.com", "e.g.," are not followed by whitespace.
        guard isWhitespace(text[end]) else { return .skip(to: runEnd) }

        var next = end
        while next < text.count && (isWhitespace(text[next]) || isInlineMarkdown(text[next])) { next += 1 }
        guard next < text.count else { return final ? .sentence(end: end, resume: end) : .needMore }

        let run = text[index..<runEnd]
        let strong = run.contains("!") || run.contains("?")
        let ellipsis = !strong && (run.count > 1 || run.contains("\u{2026}"))
        let first = text[next]

        if ellipsis {
            // "Well... I think" and "so... maybe" go on; "Right... Next question" does not.
            guard first.properties.isUppercase else { return .skip(to: runEnd) }
            if first == "I" {
                guard next + 1 < text.count else { return final ? .skip(to: runEnd) : .needMore }
                if !text[next + 1].properties.isAlphabetic { return .skip(to: runEnd) }
            }
            return .sentence(end: end, resume: end)
        }
        if !strong && isNonTerminalWord(in: text, before: index, sentenceStart: sentenceStart) {
            return .skip(to: runEnd)
        }
        return startsSentence(first) ? .sentence(end: end, resume: end) : .skip(to: runEnd)
    }

    /// Whether the word ending at `index` (exclusive, before a single period) is an
    /// abbreviation, dotted initials, or a list marker (`1.` first in its line or sentence).
    private static func isNonTerminalWord(in text: [Unicode.Scalar], before index: Int, sentenceStart: Int) -> Bool {
        var start = index
        while start > 0 && !isWhitespace(text[start - 1]) { start -= 1 }
        var wordStart = start
        while wordStart < index && isOpener(text[wordStart]) { wordStart += 1 }
        let word = text[wordStart..<index]
        guard !word.isEmpty else { return false }

        var lowered = ""
        lowered.unicodeScalars.append(contentsOf: word)
        lowered = lowered.lowercased()
        if abbreviations.contains(lowered) || isDottedInitials(word) { return true }

        if word.count <= 3 && word.allSatisfy(isASCIIDigit) {
            // A list marker is alone at the start of its line or sentence.
            var before = start
            while before > sentenceStart {
                let scalar = text[before - 1]
                if scalar == "\n" { return true }
                guard isWhitespace(scalar) || isLineMarker(scalar) else { return false }
                before -= 1
            }
            return true
        }
        return false
    }

    /// `J`, `U.S`, `e.g`, `a.m`: single letters separated by periods.
    private static func isDottedInitials(_ word: ArraySlice<Unicode.Scalar>) -> Bool {
        var expectLetter = true
        for scalar in word {
            if expectLetter {
                guard scalar.properties.isAlphabetic else { return false }
            } else {
                guard scalar == "." else { return false }
            }
            expectLetter.toggle()
        }
        return !expectLetter
    }

    /// Whether a sentence may start with `scalar` (after a `.`, `!` or `?`).
    private static func startsSentence(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase || isASCIIDigit(scalar) || isQuote(scalar) || isLineMarker(scalar)
            || scalar == "(" || scalar == "\u{2022}"
    }

    // MARK: - Line breaks

    /// A line break ends a chunk unless the next line starts with a lower-case letter (a soft
    /// wrap inside a sentence).
    private static func lineBreak(in text: [Unicode.Scalar], at index: Int, final: Bool) -> Boundary {
        var next = index + 1
        var blankLine = false
        while next < text.count && isWhitespace(text[next]) {
            if text[next] == "\n" { blankLine = true }
            next += 1
        }
        guard next < text.count else { return final ? .sentence(end: index, resume: index + 1) : .needMore }
        if !blankLine && text[next].properties.isLowercase { return .none }
        return .sentence(end: index, resume: index + 1)
    }

    // MARK: - Character classes

    /// Whitespace, line breaks included.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// Sentence-ending punctuation.
    private static func isTerminal(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{2026}"
    }

    /// Characters that may follow the end of a sentence and belong to it.
    private static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "\u{201D}", "\u{2019}", ")", "]", "*", "_", "`": true
        default: false
        }
    }

    /// Characters that may precede a word and are not part of it.
    private static func isOpener(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "\u{201C}", "\u{2018}", "(", "[", "*", "_", "`": true
        default: false
        }
    }

    /// Opening quotes.
    private static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "\u{201C}", "\u{2018}": true
        default: false
        }
    }

    /// Emphasis and heading markers skipped when looking at the next word.
    private static func isInlineMarkdown(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "*" || scalar == "_" || scalar == "`" || scalar == "#"
    }

    /// Markers that may start a line before its first word (bullets, headings, quotes).
    private static func isLineMarker(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "-", "*", "+", "#", ">", "_", "\u{2022}": true
        default: false
        }
    }

    /// `0`–`9`.
    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }
}
