import Conversation
import Foundation
import Testing
import Voice

@Suite struct TurnControllerReplyTests {

    @Test func openingLineIsSpokenThenTheFloorReturnsToTheCandidate() {
        var h = Harness(testConfiguration)
        let r = ReplyID(1)
        #expect(h.send(.started(openingLine: "Hi Priya. Tell me about yourself."), at: 0) == [
            .synthesize(.init(reply: r, index: 0, text: "Hi Priya.")),
            .synthesize(.init(reply: r, index: 1, text: "Tell me about yourself.")),
            .finishSynthesis(r),
        ])
        #expect(h.state == .thinking)

        let first = audio(4800)  // 100 ms
        #expect(h.send(.ttsAudio(r, chunk: 0, first), at: 100) == [.sendEvent(.assistant(text: "Hi Priya.")), .sendAudio(first)])
        #expect(h.state == .speaking)

        let second = audio(4800, byte: 2)
        #expect(h.send(.ttsAudio(r, chunk: 1, second), at: 120).isEmpty)  // waits for chunk 0 to finish
        #expect(h.send(.ttsChunkFinished(r, chunk: 0), at: 150) == [
            .sendEvent(.assistant(text: "Tell me about yourself.")), .sendAudio(second),
        ])
        // Playback: 100–200 ms, then 200–300 ms; plus 300 ms of grace.
        #expect(h.send(.ttsChunkFinished(r, chunk: 1), at: 200) == [
            .persist(.assistant("Hi Priya. Tell me about yourself.")), .scheduleWakeUp(at: Harness.at(600)),
        ])
        #expect(h.state == .speaking)
        #expect(h.send(.wakeUp, at: 599).isEmpty)
        #expect(h.state == .speaking)
        #expect(h.send(.wakeUp, at: 600).isEmpty)
        #expect(h.state == .listening)
    }

    @Test func theOpeningLineIsSpokenOnlyOnce() {
        var h = Harness(testConfiguration)
        h.send(.started(openingLine: "Hello."), at: 0)
        #expect(h.send(.started(openingLine: "Hello again."), at: 10).isEmpty)
        var silent = Harness(testConfiguration)
        #expect(silent.send(.started(openingLine: nil), at: 0).isEmpty)
        #expect(silent.state == .listening)
    }

    @Test func aStreamedAnswerIsChunkedSpokenAndPersisted() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("I have built APIs.", at: 0)
        #expect(h.send(.llmDelta(r, "Great"), at: 100).isEmpty)
        #expect(h.send(.llmDelta(r, ". What did you"), at: 150).chunks == ["Great."])
        #expect(h.send(.llmDelta(r, " use? "), at: 200).isEmpty)
        #expect(h.send(.llmFinished(r), at: 250) == [
            .synthesize(.init(reply: r, index: 1, text: "What did you use?")), .finishSynthesis(r),
        ])

        let actions = h.send(.ttsAudio(r, chunk: 0, audio(480)), at: 300)
        #expect(actions.events == [.assistant(text: "Great.")])
        #expect(actions.audio == [audio(480)])
        #expect(actions.persisted == [.user("I have built APIs.")])  // committed with the first byte
        #expect(actions.compactMap(\.metrics).count == 1)

        h.send(.ttsChunkFinished(r, chunk: 0), at: 310)
        h.send(.ttsAudio(r, chunk: 1, audio(480)), at: 320)
        let done = h.send(.ttsChunkFinished(r, chunk: 1), at: 330)
        #expect(done.persisted == [.assistant("Great. What did you use?")])
        #expect(h.send(.playbackFinished, at: 400).isEmpty)
        #expect(h.state == .listening)
        #expect(h.log.persisted == [.user("I have built APIs."), .assistant("Great. What did you use?")])
    }

    @Test func audioIsSentInChunkOrderWhateverTheArrivalOrder() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hi.", at: 0)
        h.send(.llmDelta(r, "One. Two. Three."), at: 10)
        h.send(.llmFinished(r), at: 20)
        let (a0, a1, a2) = (audio(10, byte: 0), audio(10, byte: 1), audio(10, byte: 2))
        #expect(h.send(.ttsAudio(r, chunk: 2, a2), at: 30).isEmpty)
        #expect(h.send(.ttsChunkFinished(r, chunk: 2), at: 31).isEmpty)
        #expect(h.send(.ttsAudio(r, chunk: 1, a1), at: 32).isEmpty)
        #expect(h.send(.ttsChunkFinished(r, chunk: 1), at: 33).isEmpty)
        #expect(h.state == .thinking)
        h.send(.ttsAudio(r, chunk: 0, a0), at: 40)
        h.send(.ttsChunkFinished(r, chunk: 0), at: 41)
        #expect(h.log.audio == [a0, a1, a2])
        #expect(h.log.events.dropFirst() == [.assistant(text: "One."), .assistant(text: "Two."), .assistant(text: "Three.")])
    }

    @Test func metricsBreakDownTheVoiceToVoiceLatency() throws {
        var h = Harness(testConfiguration)
        h.send(.sttStreamStarted, at: 0)
        h.interim("I have", at: 1000)
        let start = h.final("I have five years.", speechFinal: true, speechEnd: .milliseconds(1800), at: 2100)
        let r = try #require(start.last?.replyRequest?.id)
        h.send(.llmRequestSent(r), at: 2120)
        h.send(.llmDelta(r, "Great"), at: 2400)
        #expect(h.send(.llmDelta(r, ". Which"), at: 2500).chunks == ["Great."])
        h.send(.ttsRequestSent(r, chunk: 0), at: 2510)
        let firstAudio = h.send(.ttsAudio(r, chunk: 0, audio(480)), at: 2700)
        let metrics = try #require(firstAudio.compactMap(\.metrics).first)
        #expect(metrics == TurnMetrics(
            reply: r, speechEndSource: .audioTimestamps, sttFinalLatency: .milliseconds(300),
            llmTimeToFirstToken: .milliseconds(280), firstChunkDelay: .milliseconds(100),
            ttsTimeToFirstByte: .milliseconds(190), voiceToVoice: .milliseconds(900)))
        #expect(metrics.serverOverhead == .milliseconds(30))
        #expect(metrics.milliseconds["voice_to_voice_ms"] == 900)
        #expect(metrics.milliseconds["server_overhead_ms"] == 30)
        // Only the first byte of an answer carries metrics.
        #expect(h.send(.ttsAudio(r, chunk: 0, audio(480)), at: 2710).compactMap(\.metrics).isEmpty)
    }

    @Test func metricsFallBackToTheClientSignalAndToActionInstants() throws {
        var h = Harness(testConfiguration)
        h.interim("yes", at: 100)
        h.send(.clientEndOfSpeech, at: 500)
        let finalized = h.send(.transcript(Transcript(text: "Yes.", isFinal: true, fromFinalize: true)), at: 700)
        let r = try #require(finalized.last?.replyRequest?.id)
        h.send(.llmDelta(r, "Good. "), at: 900)
        h.send(.llmFinished(r), at: 950)
        let firstAudio = h.send(.ttsAudio(r, chunk: 0, audio(10)), at: 1200)
        let metrics = try #require(firstAudio.compactMap(\.metrics).first)
        #expect(metrics.speechEndSource == .clientEndOfSpeech)
        #expect(metrics.sttFinalLatency == .milliseconds(200))
        #expect(metrics.llmTimeToFirstToken == .milliseconds(200))
        #expect(metrics.firstChunkDelay == .milliseconds(50))
        #expect(metrics.ttsTimeToFirstByte == .milliseconds(250))
        #expect(metrics.voiceToVoice == .milliseconds(700))
    }

    @Test func scriptedLinesCarryNoMetrics() {
        var h = Harness(testConfiguration)
        h.send(.started(openingLine: "Hello."), at: 0)
        #expect(h.send(.ttsAudio(ReplyID(1), chunk: 0, audio(10)), at: 100).compactMap(\.metrics).isEmpty)
    }

    @Test func eventsOfOtherRepliesAreIgnored() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hi.", at: 0)
        let stale = ReplyID(r.value + 7)
        #expect(h.send(.llmDelta(stale, "Nope. Not me."), at: 10).isEmpty)
        #expect(h.send(.llmFinished(stale), at: 20).isEmpty)
        #expect(h.send(.llmFailed(stale, reason: "x"), at: 30).isEmpty)
        #expect(h.send(.ttsAudio(stale, chunk: 0, audio(10)), at: 40).isEmpty)
        #expect(h.send(.ttsChunkFinished(stale, chunk: 0), at: 50).isEmpty)
        #expect(h.send(.ttsFailed(stale, chunk: 0, reason: "x"), at: 60).isEmpty)
        #expect(h.send(.ttsAudio(r, chunk: 5, audio(10)), at: 70).isEmpty)  // no such chunk
        #expect(h.state == .thinking)
    }

    @Test func theReplyRequestNamesTheCandidateText() throws {
        var h = Harness(testConfiguration)
        let actions = h.final("Tell me about the role.", speechFinal: true, at: 0)
        #expect(actions.last == .startReply(.init(id: ReplyID(1), userText: "Tell me about the role.", wrapUp: false)))
    }

    @Test func anAnswerWhoseAudioIsAllEmptyStillCompletes() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hi.", at: 0)
        h.send(.llmDelta(r, "Okay."), at: 10)
        h.send(.llmFinished(r), at: 20)
        let actions = h.send(.ttsChunkFinished(r, chunk: 0), at: 30)
        #expect(actions.persisted == [.user("Hi.")])  // nothing was spoken
        #expect(h.state == .listening)
    }
}
