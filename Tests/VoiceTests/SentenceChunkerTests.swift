import Testing
import Voice

/// Chunks `text` fed in one delta, then finished.
func chunks(_ text: String, _ configuration: SentenceChunker.Configuration = .init()) -> [String] {
    var chunker = SentenceChunker(configuration: configuration)
    return chunker.feed(text) + chunker.finish()
}

/// Limits under which every complete sentence is its own chunk.
let everySentence = SentenceChunker.Configuration(maximumLength: 200, minimumFirstChunkLength: 1, minimumLength: 1)

@Suite struct SentenceChunkerTests {

    // MARK: - Sentence ends

    @Test func splitsOnPeriodExclamationAndQuestionFollowedByCapital() {
        #expect(chunks("Hello there. How are you? Great! Next one.", everySentence)
            == ["Hello there.", "How are you?", "Great!", "Next one."])
    }

    @Test func emitsASentenceAsSoonAsTheNextWordStarts() {
        var chunker = SentenceChunker(configuration: everySentence)
        #expect(chunker.feed("Thanks for joining.").isEmpty)  // could be "joining..." or "joining.com"
        #expect(chunker.feed(" ").isEmpty)                     // next word unknown
        #expect(chunker.feed("T") == ["Thanks for joining."])
        #expect(chunker.feed("ell me about yourself.").isEmpty)
        #expect(chunker.finish() == ["Tell me about yourself."])
    }

    @Test func splitsBeforeQuotesDigitsAndBullets() {
        #expect(chunks("He said yes. \"Really?\" she asked. 3 people agreed.", everySentence)
            == ["He said yes.", "\"Really?\" she asked.", "3 people agreed."])
    }

    @Test func keepsClosingQuotesAndBracketsWithTheSentence() {
        #expect(chunks("She said \"go.\" Then she left (quickly.) Fine.", everySentence)
            == ["She said \"go.\"", "Then she left (quickly.)", "Fine."])
    }

    @Test func doesNotSplitBeforeALowerCaseWord() {
        #expect(chunks("It costs 5 dollars. and more. Okay.", everySentence) == ["It costs 5 dollars. and more.", "Okay."])
        #expect(chunks("Why? because it matters.", everySentence) == ["Why? because it matters."])
    }

    @Test func keepsMultiplePunctuationTogether() {
        #expect(chunks("Really?! That is great!! Tell me more.", everySentence)
            == ["Really?!", "That is great!!", "Tell me more."])
    }

    // MARK: - Abbreviations and initials

    @Test(arguments: [
        "Mr. Smith will join.", "Mrs. Jones is here.", "Dr. Patel reviewed it.", "Ms. Lee agreed.",
        "Use tools, e.g. Xcode and Instruments.", "Ship it, i.e. Deploy to production.",
        "Apples, pears, etc. Were all there.", "Swift vs. Kotlin is a classic debate.",
        "I moved to the U.S. In 2019 I started.", "We meet at 9 a.m. Tomorrow works.",
        "It ends at 5 p.m. On Friday.", "J. K. Rowling wrote it.", "Prof. Ada Lovelace.",
    ])
    func doesNotSplitAfterAbbreviations(text: String) {
        #expect(chunks(text, everySentence) == [text])
    }

    @Test func splitsAfterAnAbbreviationOnlyAtTheNextRealSentenceEnd() {
        #expect(chunks("I spoke with Dr. Smith today. She was kind.", everySentence)
            == ["I spoke with Dr. Smith today.", "She was kind."])
    }

    // MARK: - Numbers, URLs, e-mails

    @Test(arguments: [
        "The plan costs $29.99 per month.", "I have 3.5 years of experience.", "We upgraded to v2.1 last week.",
        "Visit https://vantahire.com/jobs?id=4.2 for details.", "Email jane.doe@example.co.uk with questions.",
        "The ratio was 1,000:2.5 overall.", "Pi is roughly 3.14159 and e is 2.718.",
    ])
    func doesNotSplitInsideNumbersURLsOrEmails(text: String) {
        #expect(chunks(text, everySentence) == [text])
    }

    @Test func splitsAfterAURLThatEndsASentence() {
        #expect(chunks("See vantahire.com. Then apply.", everySentence) == ["See vantahire.com.", "Then apply."])
    }

    // MARK: - Ellipses

    @Test(arguments: [
        "Well... I think so.", "Well... i think so.", "Hmm\u{2026} maybe later.", "So... I'm not sure.",
        "Wait... I've got it.",
    ])
    func ellipsisBeforeLowerCaseOrPronounIContinues(text: String) {
        #expect(chunks(text, everySentence) == [text])
    }

    @Test func ellipsisBeforeAnotherCapitalizedWordEndsTheSentence() {
        #expect(chunks("Let me think... Okay, next question.", everySentence)
            == ["Let me think...", "Okay, next question."])
        #expect(chunks("Right\u{2026} In your last role, what did you do?", everySentence)
            == ["Right\u{2026}", "In your last role, what did you do?"])
    }

    // MARK: - Lists and lines

    @Test func numberedListMarkersAreNotSentences() {
        #expect(chunks("1. First item\n2. Second item\n3. Third item", everySentence)
            == ["1. First item", "2. Second item", "3. Third item"])
    }

    @Test func aListAfterAnIntroductionSplitsAtEveryItem() {
        #expect(chunks("Here are the steps:\n1. Plan the work.\n2. Do it.", everySentence)
            == ["Here are the steps:", "1. Plan the work.", "2. Do it."])
    }

    @Test func aListMarkerAfterASentenceStartsANewChunk() {
        #expect(chunks("Three things matter. 1. Focus on users.", everySentence)
            == ["Three things matter.", "1. Focus on users."])
    }

    @Test func aNumberEndingASentenceMidLineStillSplits() {
        #expect(chunks("I started coding at 12. Then I never stopped.", everySentence)
            == ["I started coding at 12.", "Then I never stopped."])
    }

    @Test func bulletsAndParagraphsSplitAtLineBreaks() {
        #expect(chunks("Skills we need\n- Swift\n- Postgres\n\nAny questions", everySentence)
            == ["Skills we need", "Swift", "Postgres", "Any questions"])
    }

    @Test func aLineBreakBeforeALowerCaseWordIsASoftWrap() {
        #expect(chunks("We use Swift and\nrun it on Linux.", everySentence) == ["We use Swift and run it on Linux."])
    }

    // MARK: - Markdown

    @Test func stripsEmphasisHeadingsAndBullets() {
        #expect(chunks("## Overview\n**Great** answer, _really_. *Next*: tell me more.", everySentence)
            == ["Overview", "Great answer, really.", "Next: tell me more."])
    }

    @Test func keepsLanguageNamesAndIdentifiers() {
        #expect(chunks("Do you know C# or F#? Try my_variable in `code`.", everySentence)
            == ["Do you know C# or F#?", "Try my_variable in code."])
    }

    @Test func splitsAfterEmphasisedSentenceEnds() {
        #expect(chunks("**That is great.** **Now** tell me more.", everySentence)
            == ["That is great.", "Now tell me more."])
    }

    @Test func markupOnlyTextEmitsNothing() {
        #expect(chunks("***\n---\n## \n", everySentence).isEmpty)
        #expect(chunks("   ", everySentence).isEmpty)
    }

    // MARK: - Lengths

    @Test func shortSentencesAfterTheFirstChunkAreMerged() {
        let configuration = SentenceChunker.Configuration(maximumLength: 200, minimumFirstChunkLength: 1, minimumLength: 30)
        #expect(chunks("Great. Thanks. Now tell me about your last project. Okay. Next.", configuration)
            == ["Great.", "Thanks. Now tell me about your last project.", "Okay. Next."])
    }

    @Test func aMinimumFirstChunkLengthMergesAShortOpener() {
        let configuration = SentenceChunker.Configuration(maximumLength: 200, minimumFirstChunkLength: 10, minimumLength: 1)
        #expect(chunks("Okay. Tell me more. Sure.", configuration) == ["Okay. Tell me more.", "Sure."])
    }

    @Test func anOverlongSentenceIsCutAtItsLastClauseBreak() {
        let configuration = SentenceChunker.Configuration(maximumLength: 40, minimumFirstChunkLength: 1, minimumLength: 1)
        let text = "When you designed the system, which trade-offs did you make; and why did you choose them?"
        let result = chunks(text, configuration)
        #expect(result == ["When you designed the system,", "which trade-offs did you make;", "and why did you choose them?"])
        #expect(result.allSatisfy { $0.count <= 40 })
    }

    @Test func anOverlongSentenceWithoutClausesIsCutAtASpace() {
        let configuration = SentenceChunker.Configuration(maximumLength: 20, minimumFirstChunkLength: 1, minimumLength: 1)
        let result = chunks("one two three four five six seven eight nine ten", configuration)
        #expect(result == ["one two three four", "five six seven eight", "nine ten"])
    }

    @Test func anOverlongWordIsNeverCut() {
        let configuration = SentenceChunker.Configuration(maximumLength: 20, minimumFirstChunkLength: 1, minimumLength: 1)
        let url = "https://example.com/" + String(repeating: "a", count: 30)
        #expect(chunks("\(url) is the link", configuration) == [url, "is the link"])
    }

    @Test func clauseBreaksDoNotSplitShortSentences() {
        #expect(chunks("Yes, of course; well: sure, go ahead.", everySentence) == ["Yes, of course; well: sure, go ahead."])
    }

    @Test func mergedShortSentencesAreCutAtASentenceEndWhenTooLong() {
        let configuration = SentenceChunker.Configuration(maximumLength: 30, minimumFirstChunkLength: 100, minimumLength: 100)
        #expect(chunks("Short one. Another short one. And a third one here.", configuration)
            == ["Short one. Another short one.", "And a third one here."])
    }

    @Test func configurationClampsItsLimits() {
        let configuration = SentenceChunker.Configuration(maximumLength: 5, minimumFirstChunkLength: -3, minimumLength: 500)
        #expect(configuration.maximumLength == 20)
        #expect(configuration.minimumFirstChunkLength == 0)
        #expect(configuration.minimumLength == 20)
    }

    // MARK: - Lifecycle

    @Test func finishFlushesTheRemainderAndResets() {
        var chunker = SentenceChunker(configuration: everySentence)
        #expect(chunker.feed("Dr. Smith is").isEmpty)
        #expect(chunker.finish() == ["Dr. Smith is"])
        #expect(chunker.emittedChunkCount == 0)
        #expect(chunker.feed("Next. Reply.") == ["Next."])
        #expect(chunker.emittedChunkCount == 1)
        chunker.reset()
        #expect(chunker.finish().isEmpty)
    }

    @Test func finishEndsASentenceAtTheEndOfText() {
        var chunker = SentenceChunker(configuration: everySentence)
        #expect(chunker.feed("Is that all?").isEmpty)
        #expect(chunker.finish() == ["Is that all?"])
    }

    @Test func speakableTextNormalizesWholeTexts() {
        #expect(SpeakableText.normalize("  # Title\n\n* one\n+ two\n> quoted  text ") == "Title one two quoted text")
        #expect(SpeakableText.normalize("__init__ and a_b") == "init and a_b")
        #expect(SpeakableText.normalize("#hiring now") == "hiring now")
    }
}
