import Foundation
import Testing
import Voice

/// Chunking where every sentence is its own chunk, to keep expectations readable.
let sentenceChunks = SentenceChunker.Configuration(maximumLength: 200, minimumFirstChunkLength: 1, minimumLength: 1)
let testConfiguration = TurnController.Configuration(chunking: sentenceChunks)

@Suite struct TurnControllerListeningTests {

    @Test func startsListening() {
        let controller = TurnController()
        #expect(controller.state == .listening)
    }

    @Test func voiceActivityMovesToUserSpeakingWithoutAReply() {
        var h = Harness(testConfiguration)
        #expect(h.send(.speechStarted, at: 0).isEmpty)
        #expect(h.state == .userSpeaking)
        // A blip: no words, then the backup end of utterance.
        #expect(h.send(.utteranceEnd(lastWordEnd: nil), at: 1200).isEmpty)
        #expect(h.state == .listening)
    }

    @Test func interimThenFinalThenSpeechFinalStartsAReply() {
        var h = Harness(testConfiguration)
        h.send(.speechStarted, at: 0)
        #expect(h.interim("I think", at: 100) == [.sendEvent(.transcript(text: "I think", isFinal: false))])
        #expect(h.final("I think so.", at: 300) == [.sendEvent(.transcript(text: "I think so.", isFinal: true))])
        #expect(h.state == .userSpeaking)
        let actions = h.final("", speechFinal: true, at: 600)
        #expect(actions == [.startReply(.init(id: ReplyID(1), userText: "I think so.", wrapUp: false))])
        #expect(h.state == .thinking)
    }

    @Test func multipleFinalsAreJoinedUntilSpeechFinal() {
        var h = Harness(testConfiguration)
        h.final("I led a team", at: 100)
        h.interim("of five", at: 200)
        h.final("of five engineers.", at: 400)
        #expect(h.state == .userSpeaking)
        let actions = h.final("We shipped monthly.", speechFinal: true, at: 900)
        #expect(actions.last?.replyRequest?.userText == "I led a team of five engineers. We shipped monthly.")
    }

    @Test func utteranceEndClosesTheTurnWhenSpeechFinalNeverComes() {
        var h = Harness(testConfiguration)
        h.final("It was noisy here.", at: 100)
        let actions = h.send(.utteranceEnd(lastWordEnd: .seconds(1)), at: 1500)
        #expect(actions == [.startReply(.init(id: ReplyID(1), userText: "It was noisy here.", wrapUp: false))])
    }

    @Test func utteranceEndFallsBackToTheLastInterim() {
        var h = Harness(testConfiguration)
        h.interim("maybe later", at: 100)
        let actions = h.send(.utteranceEnd(lastWordEnd: nil), at: 1500)
        #expect(actions.last?.replyRequest?.userText == "maybe later")
    }

    @Test func anEmptyFinalWithSpeechFinalStartsNothing() {
        var h = Harness(testConfiguration)
        h.send(.speechStarted, at: 0)
        #expect(h.final("", speechFinal: true, at: 500).isEmpty)
        #expect(h.state == .listening)
    }

    @Test func clientEndOfSpeechFinalizesAndTheFinalizedResultEndsTheTurn() {
        var h = Harness(testConfiguration)
        h.interim("yes I can", at: 100)
        #expect(h.send(.clientEndOfSpeech, at: 400) == [.finalizeSTT])
        let finalized = Transcript(text: "Yes, I can.", isFinal: true, speechFinal: false, fromFinalize: true)
        let actions = h.send(.transcript(finalized), at: 550)
        #expect(actions == [
            .sendEvent(.transcript(text: "Yes, I can.", isFinal: true)),
            .startReply(.init(id: ReplyID(1), userText: "Yes, I can.", wrapUp: false)),
        ])
    }

    @Test func aFinalizedResultWithoutAClientRequestDoesNotEndTheTurn() {
        var h = Harness(testConfiguration)
        let finalized = Transcript(text: "Hello there.", isFinal: true, fromFinalize: true)
        #expect(h.send(.transcript(finalized), at: 100) == [.sendEvent(.transcript(text: "Hello there.", isFinal: true))])
        #expect(h.state == .userSpeaking)
    }

    @Test func clientEndOfSpeechIsIgnoredWhileTheInterviewerHasTheFloor() {
        var h = Harness(testConfiguration)
        h.say("Hello.", at: 0)
        #expect(h.send(.clientEndOfSpeech, at: 100).isEmpty)
    }

    @Test func transcriptTextIsTrimmedAndCollapsed() {
        var h = Harness(testConfiguration)
        #expect(h.interim("  so   I  ", at: 0) == [.sendEvent(.transcript(text: "so I", isFinal: false))])
    }

    @Test func deepgramResultsConvertToTranscripts() throws {
        let results = DeepgramLiveResults(
            duration: 1.0, start: 2.0, isFinal: true, speechFinal: true, fromFinalize: false,
            channel: .init(alternatives: [.init(transcript: "Hi there", words: [
                .init(word: "hi", start: 2.1, end: 2.3), .init(word: "there", start: 2.4, end: 2.75),
            ])]))
        let transcript = Transcript(results)
        #expect(transcript == Transcript(text: "Hi there", isFinal: true, speechFinal: true, fromFinalize: false, speechEnd: .seconds(2.75)))
    }

    @Test func sttFailureIsReportedAndTheUtteranceKeepsItsFinals() {
        var h = Harness(testConfiguration)
        h.final("I was saying", at: 0)
        let actions = h.send(.sttFailed(reason: "NET-0001"), at: 100)
        #expect(actions.events.map(\.type) == ["error"])
        #expect(h.final("that it works.", speechFinal: true, at: 900).last?.replyRequest?.userText == "I was saying that it works.")
    }
}
