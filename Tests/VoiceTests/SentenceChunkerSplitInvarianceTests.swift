import Testing
import Voice

/// Texts that exercise every rule of the chunker at once.
private let samples: [String] = [
    "Thanks, Priya. That was a clear answer! Could you tell me more about your time at Acme Corp.? I'd love to hear it.",
    "Mr. Smith and Dr. Jones met at 9 a.m. in the U.S. office. J. K. Rowling was there too. Great.",
    "It costs $29.99... well, roughly. You have 3.5 years with v2.1 of the SDK; right? Visit vantahire.com/jobs or mail hr@vantahire.com. Thanks.",
    "Well... I think so. Let me think... Okay, next question: what is e.g. a race condition, i.e. a data race, etc. in Swift?",
    "Here are three things:\n1. First, plan.\n2. Second, build.\n3. Third, ship!\n\n**Great** job, _really_. ## Next\n- one\n- two",
    "When you designed the caching layer for the payments service, which trade-offs between latency, consistency and cost did you weigh, and how did you measure them over time in production?",
    "She said \"go.\" Then she left (quickly.) \u{201C}Why?\u{201D} I asked\u{2026} Nobody knew. Na\u{00EF}ve caf\u{00E9}s, \u{1F600} emoji, C# and F#.",
    "Short. Tiny. Small. One more short. And a final, somewhat longer sentence to close the paragraph.",
]

private let configurations: [SentenceChunker.Configuration] = [
    .init(maximumLength: 200, minimumFirstChunkLength: 1, minimumLength: 1),
    .init(),
    .init(maximumLength: 40, minimumFirstChunkLength: 12, minimumLength: 30),
    .init(maximumLength: 20, minimumFirstChunkLength: 0, minimumLength: 20),
]

/// Chunks `deltas` fed one by one, then finished.
private func chunks(_ deltas: [String], _ configuration: SentenceChunker.Configuration) -> [String] {
    var chunker = SentenceChunker(configuration: configuration)
    var result: [String] = []
    for delta in deltas { result += chunker.feed(delta) }
    return result + chunker.finish()
}

/// `text` cut at the given Unicode-scalar offsets.
private func split(_ text: String, at offsets: [Int]) -> [String] {
    let scalars = Array(text.unicodeScalars)
    var pieces: [String] = []
    var start = 0
    for offset in offsets.sorted() + [scalars.count] {
        var piece = String.UnicodeScalarView()
        piece.append(contentsOf: scalars[start..<offset])
        pieces.append(String(piece))
        start = offset
    }
    return pieces
}

/// A small deterministic generator, so failures reproduce.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SentenceChunkerSplitInvarianceTests {

    @Test(arguments: samples.indices)
    func everyTwoPieceSplitGivesTheSameChunks(sample: Int) {
        let text = samples[sample]
        for configuration in configurations {
            let expected = chunks([text], configuration)
            #expect(!expected.isEmpty)
            for offset in 0...text.unicodeScalars.count {
                let result = chunks(split(text, at: [offset]), configuration)
                #expect(result == expected, "split at \(offset) with \(configuration)")
                if result != expected { return }
            }
        }
    }

    @Test(arguments: samples.indices)
    func scalarByScalarDeltasGiveTheSameChunks(sample: Int) {
        let text = samples[sample]
        for configuration in configurations {
            let deltas = text.unicodeScalars.map { String($0) }
            #expect(chunks(deltas, configuration) == chunks([text], configuration))
        }
    }

    @Test(arguments: samples.indices)
    func randomMultiPieceSplitsGiveTheSameChunks(sample: Int) {
        let text = samples[sample]
        let count = text.unicodeScalars.count
        var generator = SplitMix64(state: UInt64(sample) &+ 42)
        for configuration in configurations {
            let expected = chunks([text], configuration)
            for _ in 0..<50 {
                let cuts = (0..<Int.random(in: 1...12, using: &generator)).map { _ in Int.random(in: 0...count, using: &generator) }
                #expect(chunks(split(text, at: cuts), configuration) == expected, "cuts \(cuts.sorted())")
            }
        }
    }

    @Test(arguments: samples.indices)
    func chunksTogetherSayTheWholeText(sample: Int) {
        let text = samples[sample]
        for configuration in configurations {
            #expect(chunks([text], configuration).joined(separator: " ") == SpeakableText.normalize(text))
        }
    }

    @Test func chunksRespectTheMaximumLengthWhenWordsAllowIt() {
        let configuration = SentenceChunker.Configuration(maximumLength: 40, minimumFirstChunkLength: 1, minimumLength: 30)
        for text in samples {
            for chunk in chunks([text], configuration) {
                #expect(chunk.unicodeScalars.count <= 42, "\(chunk)")
            }
        }
    }
}
