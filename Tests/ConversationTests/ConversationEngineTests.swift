import Conversation
import Domain
import Foundation
import ProviderFakes
import TestSupport
import Testing

@Suite("Text interviews on the shared engine")
struct ConversationEngineTests {
    @Test("streams replies, stores every message, and ends with the evaluation on the closing marker")
    func textInterview() async throws {
        try await ConversationHarness.with { h in
            let (id, _) = try await h.fixtures.makeInterview(type: .text)
            let engine = ConversationEngine(platform: h.platform, httpClient: h.httpClient)
            let logger = h.db.logger
            let opening = try await engine.start(id, logger: logger)
            #expect(opening.count == 1)
            #expect(try await h.fixtures.interview(id)?.status == .inProgress)
            #expect(try await engine.start(id, logger: logger) == opening)

            h.groq.enqueue(.reply("Great. Which databases have you used?"))
            var deltas = ""
            var completed: ConversationUpdate?
            for try await update in engine.reply(to: id, message: "I write Swift on the server.", logger: logger) {
                switch update {
                case .delta(let text): deltas += text
                case .completed: completed = update
                }
            }
            #expect(deltas == "Great. Which databases have you used?")
            #expect(completed == .completed(reply: "Great. Which databases have you used?", ended: false))
            let system = String(decoding: try #require(h.groq.requests.last).body, as: UTF8.self)
            #expect(system.contains("written chat interview"))

            h.groq.enqueue(.reply("Thank you, the team will follow up. Goodbye! [END_INTERVIEW]"))
            var last: ConversationUpdate?
            for try await update in engine.reply(to: id, message: "PostgreSQL, mostly.", logger: logger) { last = update }
            #expect(last == .completed(reply: "Thank you, the team will follow up. Goodbye!", ended: true))
            let transcript = try await h.fixtures.transcript(id)
            #expect(transcript.map(\.role) == [.assistant, .user, .assistant, .user, .assistant])
            #expect(!transcript.contains { $0.content.contains("END_INTERVIEW") })
            // The interviewer's goodbye completes the interview at once; the evaluation is only queued.
            let ended = try #require(try await h.fixtures.interview(id))
            #expect(ended.status == .completed)
            #expect(ended.completedAt != nil)
            #expect(ended.score == nil)
            #expect(try await h.fixtures.evaluationJobs(id) == 1)

            await #expect(throws: ConversationError.self) {
                for try await _ in engine.reply(to: id, message: "One more thing", logger: logger) {}
            }
        }
    }
}
