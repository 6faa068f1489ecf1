import Conversation
import Foundation
import Testing
import Voice

@Suite struct TurnControllerBargeInTests {

    /// A controller speaking "Nice work." (sent) and "What was the hardest part?" (partly sent),
    /// with "Tell me." still in the chunker.
    private func speaking() throws -> (Harness, ReplyID) {
        var h = Harness(testConfiguration)
        let r = try h.ask("I built a payment system.", at: 0)
        h.send(.llmDelta(r, "Nice work. What was the hardest part? Tell me"), at: 100)
        h.send(.ttsAudio(r, chunk: 0, audio(48_000)), at: 300)
        h.send(.ttsChunkFinished(r, chunk: 0), at: 400)
        h.send(.ttsAudio(r, chunk: 1, audio(100)), at: 450)
        #expect(h.state == .speaking)
        return (h, r)
    }

    @Test func realSpeechWhileSpeakingInterruptsAndKeepsOnlyTheSentText() throws {
        var (h, r) = try speaking()
        let actions = h.interim("sorry, can I", at: 700)
        #expect(actions == [
            .cancelReply(r),
            .sendEvent(.interrupted),
            .persist(.assistant("Nice work. What was the hardest part?")),
            .sendEvent(.transcript(text: "sorry, can I", isFinal: false)),
        ])
        #expect(h.state == .interrupted)
        #expect(h.log.persisted == [.user("I built a payment system."), .assistant("Nice work. What was the hardest part?")])
    }

    @Test func lateEventsOfTheInterruptedReplyAreDropped() throws {
        var (h, r) = try speaking()
        h.interim("hold on please", at: 700)
        #expect(h.send(.ttsAudio(r, chunk: 1, audio(100)), at: 710).isEmpty)
        #expect(h.send(.ttsChunkFinished(r, chunk: 1), at: 720).isEmpty)
        #expect(h.send(.llmDelta(r, " more."), at: 730).isEmpty)
        #expect(h.send(.llmFinished(r), at: 740).isEmpty)
        #expect(h.state == .interrupted)
    }

    @Test func theInterruptingUtteranceGetsTheNextReply() throws {
        var (h, _) = try speaking()
        h.interim("sorry, can I", at: 700)
        let actions = h.final("Sorry, can I ask something?", speechFinal: true, at: 1500)
        #expect(actions.last == .startReply(.init(id: ReplyID(2), userText: "Sorry, can I ask something?", wrapUp: false)))
        #expect(h.state == .thinking)
    }

    @Test func voiceActivityWithoutWordsDoesNotInterrupt() throws {
        var (h, _) = try speaking()
        #expect(h.send(.speechStarted, at: 500).isEmpty)
        #expect(h.final("", speechFinal: true, at: 600).isEmpty)
        #expect(h.send(.utteranceEnd(lastWordEnd: nil), at: 650).isEmpty)
        #expect(h.state == .speaking)
    }

    @Test(arguments: ["yeah", "mm", "ok", "a b"])
    func backchannelsBelowTheThresholdDoNotInterrupt(text: String) throws {
        var (h, _) = try speaking()
        #expect(h.interim(text, at: 600).isEmpty)
        #expect(h.final(text, speechFinal: true, at: 700).isEmpty)
        #expect(h.state == .speaking)
    }

    @Test func theThresholdIsConfigurable() throws {
        var configuration = testConfiguration
        configuration.bargeIn = .init(minimumWords: 1, minimumCharacters: 4)
        var h = Harness(configuration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "Hi. "), at: 10)
        h.send(.llmFinished(r), at: 20)
        h.send(.ttsAudio(r, chunk: 0, audio(48_000)), at: 30)
        #expect(h.interim("no", at: 40).isEmpty)  // too short
        #expect(h.interim("stop", at: 50).first == .cancelReply(r))
    }

    @Test func thresholdCountsWordsAndCharacters() {
        let threshold = TurnController.BargeInThreshold(minimumWords: 2, minimumCharacters: 6)
        #expect(!threshold.isMet(by: ""))
        #expect(!threshold.isMet(by: "hello"))
        #expect(!threshold.isMet(by: "a b"))
        #expect(threshold.isMet(by: "hold on"))
        #expect(threshold.isMet(by: "  wait   please "))
    }

    @Test func bargeInWhileThinkingCancelsAndCarriesTheUnansweredText() throws {
        var h = Harness(testConfiguration)
        let r1 = try h.ask("I worked at Acme.", at: 0)
        h.send(.llmDelta(r1, "Interesting."), at: 200)
        #expect(h.interim("and then I", at: 300) == [
            .cancelReply(r1), .sendEvent(.interrupted), .sendEvent(.transcript(text: "and then I", isFinal: false)),
        ])
        #expect(h.log.persisted.isEmpty)  // the interviewer said nothing; the candidate's turn goes on

        let start = h.final("and then I moved to Globex.", speechFinal: true, at: 800)
        let r2 = try #require(start.last?.replyRequest)
        #expect(r2.userText == "I worked at Acme. and then I moved to Globex.")
        h.send(.llmDelta(r2.id, "Why did you move? "), at: 900)
        h.send(.llmFinished(r2.id), at: 950)
        h.send(.ttsAudio(r2.id, chunk: 0, audio(10)), at: 1000)
        #expect(h.log.persisted == [.user("I worked at Acme. and then I moved to Globex.")])
    }

    @Test func anInterruptionThatComesBackEmptyReturnsToListening() throws {
        var (h, _) = try speaking()
        h.interim("hang on", at: 700)
        #expect(h.final("", speechFinal: true, at: 1200).isEmpty)
        #expect(h.state == .listening)
    }

    @Test func carriedTextIsAnsweredEvenIfTheInterruptionComesBackEmpty() throws {
        var h = Harness(testConfiguration)
        let r1 = try h.ask("I worked at Acme.", at: 0)
        h.interim("uh so", at: 300)
        #expect(h.state == .interrupted)
        let actions = h.final("", speechFinal: true, at: 800)
        #expect(actions == [.startReply(.init(id: ReplyID(r1.value + 1), userText: "I worked at Acme.", wrapUp: false))])
    }

    @Test func bargeInDuringThePlaybackTailOnlyStopsTheClient() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "Hi there. "), at: 10)
        h.send(.llmFinished(r), at: 20)
        h.send(.ttsAudio(r, chunk: 0, audio(96_000)), at: 100)  // 2 s of audio
        let done = h.send(.ttsChunkFinished(r, chunk: 0), at: 150)
        #expect(done == [.persist(.assistant("Hi there.")), .scheduleWakeUp(at: Harness.at(2400))])
        #expect(h.interim("wait a moment", at: 1000) == [
            .sendEvent(.interrupted), .sendEvent(.transcript(text: "wait a moment", isFinal: false)),
        ])
        #expect(h.state == .interrupted)
        #expect(h.send(.wakeUp, at: 2400).isEmpty)  // the stale wake-up changes nothing
        #expect(h.state == .interrupted)
    }

    @Test func afterThePlaybackEstimateSpeechIsANewTurnNotABargeIn() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "Hi there. "), at: 10)
        h.send(.llmFinished(r), at: 20)
        h.send(.ttsAudio(r, chunk: 0, audio(4_800)), at: 100)
        h.send(.ttsChunkFinished(r, chunk: 0), at: 150)
        // No wake-up delivered: the next event settles the timer first.
        #expect(h.interim("so about that", at: 1000) == [.sendEvent(.transcript(text: "so about that", isFinal: false))])
        #expect(h.state == .userSpeaking)
    }

    @Test func playbackFinishedBeforeAllAudioIsSentIsIgnored() throws {
        var (h, _) = try speaking()
        #expect(h.send(.playbackFinished, at: 500).isEmpty)
        #expect(h.state == .speaking)
    }
}
