extension TurnController {
    /// How much recognised speech interrupts the interviewer. Voice activity alone never does (a
    /// cough or the interviewer's own echo would); a transcript must have at least
    /// ``minimumWords`` words **and** ``minimumCharacters`` non-space characters, so backchannels
    /// such as "mm" or "yeah" do not cut the interviewer off.
    public struct BargeInThreshold: Sendable, Equatable {
        /// Minimum number of words.
        public var minimumWords: Int
        /// Minimum number of non-whitespace characters.
        public var minimumCharacters: Int

        /// A threshold; the defaults need two words and four letters ("wait, sorry").
        public init(minimumWords: Int = 2, minimumCharacters: Int = 4) {
            self.minimumWords = max(1, minimumWords)
            self.minimumCharacters = max(1, minimumCharacters)
        }

        /// Whether `transcript` is enough to interrupt.
        public func isMet(by transcript: String) -> Bool {
            let words = transcript.split(whereSeparator: \.isWhitespace)
            let characters = words.reduce(0) { $0 + $1.count }
            return words.count >= minimumWords && characters >= minimumCharacters
        }
    }
}
