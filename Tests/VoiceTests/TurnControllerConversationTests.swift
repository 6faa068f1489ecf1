import Conversation
import Foundation
import Testing
import Voice

/// A fake session driver: answers every action as instant providers would (the model streams
/// its scripted answer in 7-character deltas, each chunk becomes 100 ms of audio) and delivers
/// wake-ups when the clock passes them.
private struct SimulatedSession {
    var harness = Harness(TurnController.Configuration(chunking: sentenceChunks))
    var answers: [String]
    var now = 0
    var wakeUps: [Int] = []
    var cancelled: Set<ReplyID> = []
    var ended: EndReason?

    init(answers: [String]) {
        self.answers = answers
    }

    /// Handles `event` at the current time, then every event its actions cause.
    mutating func send(_ event: Event) {
        var queue = [event]
        while !queue.isEmpty {
            let actions = harness.send(queue.removeFirst(), at: now)
            for action in actions { queue += react(to: action) }
        }
    }

    /// Moves the clock forward, delivering due wake-ups.
    mutating func advance(to time: Int) {
        for wake in wakeUps.sorted() where wake <= time && wake > now {
            now = wake
            send(.wakeUp)
        }
        wakeUps.removeAll { $0 <= time }
        now = time
    }

    private mutating func react(to action: Action) -> [Event] {
        switch action {
        case .startReply(let request):
            guard !answers.isEmpty else { return [.llmFailed(request.id, reason: "no answer scripted")] }
            let answer = Array(answers.removeFirst())
            let deltas = stride(from: 0, to: answer.count, by: 7).map {
                Event.llmDelta(request.id, String(answer[$0..<min($0 + 7, answer.count)]))
            }
            return [.llmRequestSent(request.id)] + deltas + [.llmFinished(request.id)]
        case .synthesize(let chunk):
            guard !cancelled.contains(chunk.reply) else { return [] }
            return [
                .ttsRequestSent(chunk.reply, chunk: chunk.index),
                .ttsAudio(chunk.reply, chunk: chunk.index, audio(4_800)),
                .ttsChunkFinished(chunk.reply, chunk: chunk.index),
            ]
        case .cancelReply(let id):
            cancelled.insert(id)
        case .scheduleWakeUp(let instant):
            wakeUps.append(Int((instant - Harness.origin) / .milliseconds(1)))
        case .end(let reason):
            ended = reason
        default:
            break
        }
        return []
    }
}

@Suite struct TurnControllerConversationTests {

    @Test func aWholeInterviewKeepsAnAlternatingTranscript() {
        var session = SimulatedSession(answers: [
            "Thanks, Priya. Which database did you use? ",
            "Great. Last question: why this role? ",
            "Thank you for your time. The team will follow up. Goodbye! [END_INTERVIEW]",
        ])
        let prompt = InterviewPrompt(postingTitle: "Backend Engineer", postingDescription: "APIs", candidateName: "Priya", timeLimitMinutes: 30)
        session.send(.sttStreamStarted)
        session.send(.started(openingLine: prompt.openingLine))
        session.advance(to: 2_000)
        #expect(session.harness.state == .listening)

        session.send(.transcript(Transcript(text: "I build payment APIs.", isFinal: true, speechFinal: true, speechEnd: .milliseconds(2_400))))
        #expect(session.harness.state == .speaking)
        session.advance(to: 4_000)

        session.send(.timeWarningDue(remaining: .seconds(120)))
        session.send(.transcript(Transcript(text: "Postgres, mostly.", isFinal: true, speechFinal: true)))
        session.advance(to: 6_000)

        session.send(.transcript(Transcript(text: "I love hard problems.", isFinal: true, speechFinal: true)))
        session.advance(to: 9_000)

        #expect(session.ended == .interviewerClosed)
        #expect(session.harness.state == .ended)
        let turns = session.harness.log.persisted
        #expect(turns.map(\.role) == [.assistant, .user, .assistant, .user, .assistant, .user, .assistant])
        #expect(turns.first?.text == prompt.openingLine)
        #expect(turns.last?.text == "Thank you for your time. The team will follow up. Goodbye!")
        #expect(session.harness.log.compactMap(\.metrics).count == 3)
        #expect(session.harness.log.compactMap(\.replyRequest).map(\.wrapUp) == [false, true, true])
        #expect(session.harness.log.events.contains(.timeWarning(remaining: .seconds(120))))
        #expect(session.harness.log.last == .end(.interviewerClosed))
        #expect(session.harness.log.contains(.enqueueEvaluation))
    }
}
