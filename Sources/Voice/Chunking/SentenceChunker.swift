/// Cuts a streamed model reply into speakable chunks, each emitted as soon as it is complete so
/// text-to-speech can start on the first sentence while the model is still writing the rest.
///
/// Feed it the text deltas exactly as they arrive (split anywhere, even inside a word or a
/// multi-character marker); the chunks are the same whatever the split, because a boundary is
/// decided only once the characters it depends on have arrived.
///
/// A chunk ends:
/// - after `.` `!` `?` (and any closing quotes or brackets) followed by whitespace and then a
///   capital letter, a digit, a quote or a list bullet, or by the end of the text;
/// - at a line break followed by anything but a lower-case letter (list items, paragraphs);
/// - when it would exceed ``Configuration/maximumLength``: at its last sentence or clause break
///   (`,` `;` `:` followed by a space), else at its last space.
///
/// It does not end after abbreviations (`Mr.`, `Dr.`, `e.g.`, `etc.`, `vs.`…), dotted initials
/// (`U.S.`, `a.m.`, `J. K. Rowling`), numbered-list markers at the start of a line or sentence
/// (`1. First`), inside numbers, versions, URLs and e-mail addresses (`$29.99`, `v2.1`,
/// `vantahire.com`), nor after an ellipsis followed by a lower-case word or the pronoun “I”.
///
/// Sentences shorter than the minimum length (``Configuration/minimumFirstChunkLength`` for the
/// first chunk, ``Configuration/minimumLength`` after it) are merged with the next one.
/// Emitted text has markdown markers removed (see ``SpeakableText``) and whitespace collapsed.
public struct SentenceChunker: Sendable {
    /// The length limits in force.
    public let configuration: Configuration
    /// Number of chunks emitted since creation or the last ``reset()``.
    public private(set) var emittedChunkCount = 0

    /// Raw text not emitted yet; index 0 is the start of the chunk being built.
    private var buffer: [Unicode.Scalar] = []
    /// Next index of `buffer` to examine; everything before it is decided.
    private var scan = 0
    /// Index where the current sentence starts (after the last sentence break, kept or merged).
    private var sentenceStart = 0
    /// End of the last sentence that was merged into the chunk because it was too short.
    private var lastSentenceBreak: Int?
    /// End of the last clause break (`,` `;` `:` followed by whitespace).
    private var lastClauseBreak: Int?
    /// Index of the last whitespace scalar.
    private var lastSpace: Int?
    /// The chunk reached the maximum length with nowhere to cut: cut at the next whitespace.
    private var overflowing = false

    /// A chunker with the given limits.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Appends a text delta and returns the chunks it completed (often none).
    public mutating func feed(_ delta: String) -> [String] {
        buffer.append(contentsOf: delta.unicodeScalars)
        return drain(final: false)
    }

    /// Declares the end of the text: returns the remaining chunks and readies the chunker for a
    /// new reply (as ``reset()``).
    public mutating func finish() -> [String] {
        var chunks = drain(final: true)
        emit(upTo: buffer.count, into: &chunks)
        reset()
        return chunks
    }

    /// Drops any pending text and starts over, as for a new reply.
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        restartChunk()
        emittedChunkCount = 0
    }

    /// The minimum length of the chunk being built.
    private var currentMinimum: Int {
        emittedChunkCount == 0 ? configuration.minimumFirstChunkLength : configuration.minimumLength
    }

    /// Advances `scan` over every decidable position, emitting the chunks that end there.
    private mutating func drain(final: Bool) -> [String] {
        var chunks: [String] = []
        while scan < buffer.count {
            if scan == 0 && SentenceBoundaryRules.isWhitespace(buffer[0]) {
                buffer.removeFirst()  // a chunk never starts with whitespace
                continue
            }
            if scan >= configuration.maximumLength && !overflowing {
                // Prefer the latest sentence or clause break, else the latest space (this one
                // included: a chunk may be exactly `maximumLength` long).
                let space = SentenceBoundaryRules.isWhitespace(buffer[scan]) ? scan : lastSpace
                let cut = [lastSentenceBreak, lastClauseBreak].compactMap { $0 }.max() ?? space
                if let cut {
                    emit(upTo: cut, into: &chunks)
                    continue
                }
                overflowing = true
            }
            if overflowing && SentenceBoundaryRules.isWhitespace(buffer[scan]) {
                emit(upTo: scan, into: &chunks)
                continue
            }
            switch SentenceBoundaryRules.boundary(in: buffer, at: scan, sentenceStart: sentenceStart, final: final) {
            case .needMore:
                return chunks
            case .none:
                if SentenceBoundaryRules.isWhitespace(buffer[scan]) { lastSpace = scan }
                scan += 1
            case .skip(let next):
                scan = next
            case .clause(let end):
                lastClauseBreak = end
                scan = end
            case .sentence(let end, let resume):
                if overflowing || SpeakableText.normalize(buffer[..<end]).count >= currentMinimum {
                    emit(upTo: end, into: &chunks)
                } else {
                    lastSentenceBreak = end
                    sentenceStart = resume
                    scan = resume
                }
            }
        }
        return chunks
    }

    /// Emits `buffer[..<end]` (unless it has nothing to say) and starts the next chunk after it.
    private mutating func emit(upTo end: Int, into chunks: inout [String]) {
        let text = SpeakableText.normalize(buffer[..<end])
        buffer.removeFirst(end)
        restartChunk()
        if !text.isEmpty {
            chunks.append(text)
            emittedChunkCount += 1
        }
    }

    /// Resets the per-chunk scanning state.
    private mutating func restartChunk() {
        scan = 0
        sentenceStart = 0
        lastSentenceBreak = nil
        lastClauseBreak = nil
        lastSpace = nil
        overflowing = false
    }
}
