import Conversation
import Foundation
import Testing
import Voice

@Suite struct TurnControllerSessionTests {

    // MARK: - Time

    @Test func aTimeWarningWhileListeningIsSentAtOnceAndLaterRepliesWrapUp() {
        var h = Harness(testConfiguration)
        #expect(h.send(.timeWarningDue(remaining: .seconds(120)), at: 0) == [.sendEvent(.timeWarning(remaining: .seconds(120)))])
        #expect(h.final("Okay.", speechFinal: true, at: 100).last?.replyRequest?.wrapUp == true)
    }

    @Test func aTimeWarningWhileSpeakingIsSentAfterTheReply() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "Hi there. "), at: 100)
        h.send(.llmFinished(r), at: 150)
        h.send(.ttsAudio(r, chunk: 0, audio(48_000)), at: 200)  // plays until 1200
        #expect(h.send(.timeWarningDue(remaining: .seconds(120)), at: 300).isEmpty)
        #expect(h.send(.ttsChunkFinished(r, chunk: 0), at: 400) == [
            .persist(.assistant("Hi there.")), .scheduleWakeUp(at: Harness.at(1500)),
        ])
        #expect(h.send(.wakeUp, at: 1500) == [.sendEvent(.timeWarning(remaining: .milliseconds(118_800)))])
        #expect(h.state == .listening)
        #expect(h.say("Sure.", at: 2000) == ReplyID(2))
        #expect(h.log.compactMap(\.replyRequest).last?.wrapUp == true)
    }

    @Test func aTimeWarningWhileThinkingIsSentAfterABargeIn() throws {
        var h = Harness(testConfiguration)
        h.say("Hello.", at: 0)
        #expect(h.send(.timeWarningDue(remaining: .seconds(60)), at: 100).isEmpty)
        let actions = h.interim("one more thing", at: 1100)
        #expect(actions.events.contains(.timeWarning(remaining: .seconds(59))))
    }

    @Test func theTimeLimitSpeaksTheClosingLineThenEnds() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "Great answer. Next question is"), at: 100)
        h.send(.ttsAudio(r, chunk: 0, audio(480)), at: 200)

        let actions = h.send(.timeLimitReached, at: 500)
        let closing = ReplyID(2)
        #expect(Array(actions.prefix(2)) == [.cancelReply(r), .persist(.assistant("Great answer."))])
        #expect(actions.chunks.joined(separator: " ") == InterviewPrompt.timeUpClosingLine)
        #expect(actions.contains(.finishSynthesis(closing)))
        #expect(actions.last == .scheduleWakeUp(at: Harness.at(30_500)))
        #expect(h.state == .thinking)

        // The goodbye cannot be interrupted, and later warnings or limits change nothing.
        #expect(h.interim("wait one more thing", at: 600).isEmpty)
        #expect(h.send(.timeWarningDue(remaining: .zero), at: 610).isEmpty)
        #expect(h.send(.timeLimitReached, at: 620).isEmpty)

        let count = actions.chunks.count
        for index in 0..<count {
            h.send(.ttsAudio(closing, chunk: index, audio(4_800)), at: 700 + index)
            h.send(.ttsChunkFinished(closing, chunk: index), at: 700 + index)
        }
        #expect(h.log.persisted.last == .assistant(InterviewPrompt.timeUpClosingLine))
        #expect(h.state == .speaking)
        #expect(h.send(.playbackFinished, at: 2000) == [
            .sendEvent(.ended(.timeLimit)), .enqueueEvaluation, .end(.timeLimit),
        ])
        #expect(h.state == .ended)
        #expect(h.log.persisted == [.user("Hello."), .assistant("Great answer."), .assistant(InterviewPrompt.timeUpClosingLine)])
    }

    @Test func theTimeLimitPersistsTheCandidateUtteranceInProgress() {
        var h = Harness(testConfiguration)
        h.final("I was about to say", at: 0)
        let actions = h.send(.timeLimitReached, at: 100)
        #expect(actions.first == .persist(.user("I was about to say")))
    }

    @Test func aClosingLineThatNeverPlaysEndsAtItsDeadline() {
        var h = Harness(testConfiguration)
        h.send(.timeLimitReached, at: 0)
        #expect(h.send(.wakeUp, at: 29_999).isEmpty)
        #expect(h.send(.wakeUp, at: 30_000) == [
            .cancelReply(ReplyID(1)), .sendEvent(.ended(.timeLimit)), .enqueueEvaluation, .end(.timeLimit),
        ])
    }

    @Test func withoutAClosingLineTheTimeLimitEndsAtOnce() {
        var configuration = testConfiguration
        configuration.timeUpClosingLine = ""
        var h = Harness(configuration)
        #expect(h.send(.timeLimitReached, at: 0) == [.sendEvent(.ended(.timeLimit)), .enqueueEvaluation, .end(.timeLimit)])
    }

    // MARK: - Closing by the interviewer

    @Test func theClosingMarkerIsNotSpokenAndEndsTheInterviewAfterTheGoodbye() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("No more questions.", at: 0)
        #expect(h.send(.llmDelta(r, "Thanks for your time. Goodbye! [END_"), at: 100).chunks == ["Thanks for your time."])
        #expect(h.send(.llmDelta(r, "INTERVIEW]"), at: 150) == [.scheduleWakeUp(at: Harness.at(30_150))])
        #expect(h.send(.llmFinished(r), at: 200) == [.synthesize(.init(reply: r, index: 1, text: "Goodbye!")), .finishSynthesis(r)])
        #expect(h.interim("wait a second please", at: 250).isEmpty)

        h.send(.ttsAudio(r, chunk: 0, audio(4_800)), at: 300)
        h.send(.ttsChunkFinished(r, chunk: 0), at: 310)
        h.send(.ttsAudio(r, chunk: 1, audio(4_800)), at: 320)
        let done = h.send(.ttsChunkFinished(r, chunk: 1), at: 330)
        #expect(done == [.persist(.assistant("Thanks for your time. Goodbye!")), .scheduleWakeUp(at: Harness.at(800))])
        #expect(h.send(.wakeUp, at: 800) == [.sendEvent(.ended(.interviewerClosed)), .enqueueEvaluation, .end(.interviewerClosed)])
        #expect(!h.log.chunks.joined().contains("END"))
    }

    @Test func closingDetectedByTheCallerEndsTheInterviewAfterTheReply() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Thanks.", at: 0)
        h.send(.llmDelta(r, "Goodbye. "), at: 10)
        #expect(h.send(.assistantClosingDetected(r), at: 15) == [.scheduleWakeUp(at: Harness.at(30_015))])
        h.send(.llmFinished(r), at: 20)
        h.send(.ttsAudio(r, chunk: 0, audio(10)), at: 30)
        h.send(.ttsChunkFinished(r, chunk: 0), at: 40)
        #expect(h.send(.playbackFinished, at: 100).last == .end(.interviewerClosed))
    }

    @Test func aBareClosingMarkerEndsTheInterviewAtOnce() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("That's all from me.", at: 0)
        h.send(.llmDelta(r, " [end_interview]"), at: 10)
        #expect(h.send(.llmFinished(r), at: 20) == [
            .finishSynthesis(r), .cancelReply(r), .persist(.user("That's all from me.")),
            .sendEvent(.ended(.interviewerClosed)), .enqueueEvaluation, .end(.interviewerClosed),
        ])
    }

    // MARK: - Failures

    @Test func aModelFailureApologisesAndReportsAnError() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        let actions = h.send(.llmFailed(r, reason: "503 from upstream"), at: 300)
        #expect(Array(actions.prefix(3)) == [
            .cancelReply(r), .persist(.user("Hello.")),
            .sendEvent(.error(.replyFailed, message: "The interviewer could not answer.")),
        ])
        #expect(actions.chunks.joined(separator: " ") == InterviewPrompt.apologyLine)
        #expect(actions.last == .finishSynthesis(ReplyID(2)))
        #expect(h.state == .thinking)
        #expect(!actions.events.description.contains("503"))  // provider details stay server-side
    }

    @Test func aModelFailureMidReplyKeepsWhatWasSpoken() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "Good to meet you. So tell"), at: 100)
        h.send(.ttsAudio(r, chunk: 0, audio(480)), at: 200)
        let actions = h.send(.llmFailed(r, reason: "stream reset"), at: 300)
        #expect(Array(actions.prefix(3)) == [
            .cancelReply(r), .persist(.assistant("Good to meet you.")),
            .sendEvent(.error(.replyFailed, message: "The interviewer could not answer.")),
        ])
        #expect(actions.chunks.joined(separator: " ") == InterviewPrompt.apologyLine)
    }

    @Test func anEmptyModelReplyIsAFailure() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "  **  "), at: 10)
        let actions = h.send(.llmFinished(r), at: 20)
        #expect(actions.events.map(\.type) == ["error"])
        #expect(!actions.chunks.isEmpty)  // the apology
    }

    @Test func aSpeechFailureOfTheApologyDoesNotApologiseAgain() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmFailed(r, reason: "x"), at: 10)
        let apology = ReplyID(2)
        #expect(h.send(.ttsFailed(apology, chunk: 0, reason: "429"), at: 20) == [
            .cancelReply(apology), .sendEvent(.error(.speechFailed, message: "The interviewer's voice failed.")),
        ])
        #expect(h.state == .listening)
    }

    @Test func aSpeechFailureOfTheOpeningLineReturnsToListening() {
        var h = Harness(testConfiguration)
        h.send(.started(openingLine: "Hello."), at: 0)
        #expect(h.send(.ttsFailed(ReplyID(1), chunk: 0, reason: "x"), at: 10).chunks.isEmpty)
        #expect(h.state == .listening)
    }

    @Test func aFailureDuringTheGoodbyeStillEndsTheInterview() {
        var h = Harness(testConfiguration)
        h.send(.timeLimitReached, at: 0)
        #expect(h.send(.ttsFailed(ReplyID(1), chunk: 0, reason: "x"), at: 10).suffix(3) == [
            .sendEvent(.ended(.timeLimit)), .enqueueEvaluation, .end(.timeLimit),
        ])
    }

    // MARK: - Ending

    @Test func aClientDisconnectMidReplyPersistsWhatWasSaidAndQueuesNoEvaluation() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "Welcome. Let us begin"), at: 100)
        h.send(.ttsAudio(r, chunk: 0, audio(480)), at: 200)
        #expect(h.send(.clientDisconnected, at: 300) == [
            .cancelReply(r), .persist(.assistant("Welcome.")), .end(.clientDisconnected),
        ])
        #expect(h.state == .ended)
        #expect(h.log.persisted == [.user("Hello."), .assistant("Welcome.")])
    }

    @Test func aClientDisconnectWhileThinkingPersistsTheCandidateText() throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        #expect(h.send(.clientDisconnected, at: 100) == [.cancelReply(r), .persist(.user("Hello.")), .end(.clientDisconnected)])
    }

    @Test func aClientDisconnectWhileTheCandidateSpeaksPersistsTheirWords() {
        var h = Harness(testConfiguration)
        h.final("My last project", at: 0)
        h.interim("was a", at: 100)
        #expect(h.send(.clientDisconnected, at: 200) == [.persist(.user("My last project was a")), .end(.clientDisconnected)])
    }

    /// Brings a controller into `state`.
    private static func controller(in state: TurnController.State) -> Harness {
        var h = Harness(testConfiguration)
        switch state {
        case .listening, .ended:
            break
        case .userSpeaking:
            h.send(.speechStarted, at: 0)
        case .thinking:
            h.say("Hello.", at: 0)
        case .speaking:
            h.send(.started(openingLine: "Hello there."), at: 0)
            h.send(.ttsAudio(ReplyID(1), chunk: 0, audio(480)), at: 10)
        case .interrupted:
            h.send(.started(openingLine: "Hello there."), at: 0)
            h.interim("excuse me", at: 10)
        }
        if state == .ended { h.send(.candidateEndedInterview, at: 0) }
        #expect(h.state == state)
        return h
    }

    @Test(arguments: TurnController.State.allCases)
    func everyStateEndsOnDisconnect(state: TurnController.State) {
        var h = Self.controller(in: state)
        let actions = h.send(.clientDisconnected, at: 100)
        #expect(h.state == .ended)
        #expect(actions.last == (state == .ended ? nil : .end(.clientDisconnected)))
        #expect(!actions.contains(.enqueueEvaluation))
    }

    @Test(arguments: TurnController.State.allCases)
    func everyStateEndsWhenTheCandidateLeaves(state: TurnController.State) {
        var h = Self.controller(in: state)
        let actions = h.send(.candidateEndedInterview, at: 100)
        #expect(h.state == .ended)
        if state != .ended {
            #expect(actions.suffix(3) == [.sendEvent(.ended(.candidateEnded)), .enqueueEvaluation, .end(.candidateEnded)])
        }
    }

    @Test func theCandidateCanEndTheInterview() {
        var h = Harness(testConfiguration)
        #expect(h.send(.candidateEndedInterview, at: 0) == [
            .sendEvent(.ended(.candidateEnded)), .enqueueEvaluation, .end(.candidateEnded),
        ])
    }

    @Test(arguments: [
        Event.started(openingLine: "Hi."), .sttStreamStarted, .speechStarted,
        .transcript(Transcript(text: "hello there friend", isFinal: true, speechFinal: true)),
        .utteranceEnd(lastWordEnd: nil), .clientEndOfSpeech, .sttFailed(reason: "x"),
        .llmRequestSent(ReplyID(1)), .llmDelta(ReplyID(1), "Hi. There."), .llmFinished(ReplyID(1)),
        .llmFailed(ReplyID(1), reason: "x"), .assistantClosingDetected(ReplyID(1)),
        .ttsRequestSent(ReplyID(1), chunk: 0), .ttsAudio(ReplyID(1), chunk: 0, Data([1, 2])),
        .ttsChunkFinished(ReplyID(1), chunk: 0), .ttsFailed(ReplyID(1), chunk: 0, reason: "x"),
        .playbackFinished, .timeWarningDue(remaining: .seconds(5)), .timeLimitReached, .wakeUp,
        .clientDisconnected, .candidateEndedInterview,
    ])
    func eventsAfterTheEndAreIgnored(event: Event) throws {
        var h = Harness(testConfiguration)
        let r = try h.ask("Hello.", at: 0)
        h.send(.llmDelta(r, "Hi. "), at: 10)
        h.send(.candidateEndedInterview, at: 20)
        #expect(h.state == .ended)
        #expect(h.send(event, at: 30).isEmpty)
        #expect(h.state == .ended)
    }
}
