extension SentenceChunker {
    /// Length limits of the chunks a ``SentenceChunker`` emits.
    ///
    /// Lengths count Unicode scalars of the raw model text (markdown markers and whitespace
    /// included), so a spoken chunk is never longer than ``maximumLength`` plus the closing
    /// punctuation and quotes of its last sentence.
    public struct Configuration: Sendable, Equatable {
        /// A chunk that reaches this length without a sentence end is cut at its last clause
        /// break (`,` `;` `:` followed by a space), else at its last space.
        public var maximumLength: Int
        /// A complete sentence is emitted as the first chunk of a reply once the chunk is at least
        /// this long; keep it small so text-to-speech starts as early as possible.
        public var minimumFirstChunkLength: Int
        /// Later chunks merge consecutive sentences until they are at least this long, which
        /// gives the voice longer, more natural phrases while the first chunk is playing.
        public var minimumLength: Int

        /// Limits; `maximumLength` is raised to at least 20 and both minimums are clamped into
        /// `0...maximumLength`.
        public init(maximumLength: Int = 200, minimumFirstChunkLength: Int = 1, minimumLength: Int = 40) {
            let maximum = max(20, maximumLength)
            self.maximumLength = maximum
            self.minimumFirstChunkLength = min(max(0, minimumFirstChunkLength), maximum)
            self.minimumLength = min(max(0, minimumLength), maximum)
        }
    }
}
