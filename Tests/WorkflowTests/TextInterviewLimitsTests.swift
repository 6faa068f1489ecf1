@testable import API
@testable import Conversation
import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import ProviderFakes
import TestSupport
import Testing

/// Text interviews take one turn at a time, at a bounded rate, up to a bounded number of turns,
/// and send the model a bounded part of the history.
@Suite struct TextInterviewLimitsTests {
    let support = TextInterviewTests()

    /// Runs `body` with the Groq fake, a platform configured for it with `extra`, the router and
    /// a TEXT interview with its token.
    func with(extra: [String: String] = [:],
              _ body: @escaping @Sendable (GroqFake, Platform, any TestClientProtocol, UUID, String, TestDatabase) async throws -> Void) async throws {
        let groq = GroqFake(apiKey: "groq-key")
        _ = try await groq.start()
        defer { Task { await groq.stop() } }
        let base = try #require(groq.openAIBaseURL)
        try await TestDatabase.with { db in
            var variables = ["GROQ_API_KEY": "groq-key", "LLM_BASE_URL": base.absoluteString]
            for (key, value) in extra { variables[key] = value }
            let platform = try TestPlatform.make(database: db, extra: variables)
            let app = Application(router: try buildRouter(platform: platform))
            let id = try await support.interview(db)
            let token = try support.token(id, platform: platform)
            try await app.test(.router) { client in try await body(groq, platform, client, id, token, db) }
        }
    }

    static func send(_ client: any TestClientProtocol, _ id: UUID, _ token: String, _ text: String) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        try await client.execute(uri: "/interviews/\(id)/conversation", method: .post,
                                 headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                 body: ByteBuffer(string: #"{"message":"\#(text)"}"#)) { response in
            (response.status, String(buffer: response.body), response.headers)
        }
    }

    @Test func aSecondTurnWhileOneRunsIs409() async throws {
        try await with { groq, platform, client, id, token, _ in
            groq.enqueue(.delay(.seconds(3), then: .stream([.content("First answer.")])))
            groq.enqueue(.stream([.content("Second answer.")]))
            async let first = Self.send(client, id, token, "First message")
            let deadline = ContinuousClock.now + .seconds(30)
            while try await platform.redis.get(TextTurnGate.lockKey(id)) == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let (status, body, _) = try await Self.send(client, id, token, "Impatient message")
            #expect(status == .conflict)
            #expect(body.contains("turn_in_progress"))
            let (firstStatus, firstBody, _) = try await first
            #expect(firstStatus == .ok)
            #expect(firstBody.contains("First answer."))
            // The lock went with the first turn: the next message is answered.
            let (after, afterBody, _) = try await Self.send(client, id, token, "Next message")
            #expect(after == .ok)
            #expect(afterBody.contains("Second answer."))
            #expect(try await platform.redis.get(TextTurnGate.lockKey(id)) == nil)
        }
    }

    @Test func turnsPerMinuteAreLimitedWithRetryAfter() async throws {
        try await with(extra: ["TEXT_INTERVIEW_TURNS_PER_MINUTE": "2"]) { groq, _, client, id, token, _ in
            for index in 0..<5 { groq.enqueue(.stream([.content("Answer \(index).")])) }
            // Two a minute: within five messages one is refused, even across a minute boundary.
            var refused: HTTPFields?
            var answered = 0
            for index in 0..<5 where refused == nil {
                let (status, _, headers) = try await Self.send(client, id, token, "Message \(index)")
                if status == .tooManyRequests { refused = headers } else { #expect(status == .ok); answered += 1 }
            }
            let headers = try #require(refused)
            #expect((1...60).contains(try #require(headers[.retryAfter].flatMap(Int.init))))
            #expect(answered <= 4)
            #expect(groq.requests.count == answered)
        }
    }

    @Test func theModelGetsOnlyTheRecentHistory() async throws {
        try await with(extra: ["TEXT_INTERVIEW_HISTORY_MESSAGES": "4"]) { groq, _, client, id, token, db in
            for index in 0..<10 {
                let role = index % 2 == 0 ? "assistant" : "user"
                try await db.client.query("""
                    INSERT INTO interview_messages (interview_id, role, content, created_at)
                    VALUES (\(id), \(role), \("old \(index)"), clock_timestamp())
                    """, logger: db.logger)
            }
            groq.enqueue(.stream([.content("Noted.")]))
            let (status, _, _) = try await Self.send(client, id, token, "Newest")
            #expect(status == .ok)
            let request = try #require(groq.requests.last)
            let object = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: Any]])
            let contents = messages.compactMap { $0["content"] as? String }
            #expect(messages.count == 6)
            #expect(Array(contents.suffix(5)) == ["old 6", "old 7", "old 8", "old 9", "Newest"])
        }
    }

    @Test func recentHistoryKeepsTheNewestWithinBothLimits() {
        let history: [ConversationTurn] = [.assistant("aaaa"), .user("bbbb"), .assistant("cccc"), .user("dddd")]
        #expect(ConversationEngine.recent(history, messages: 3, characters: 100) == Array(history.suffix(3)))
        #expect(ConversationEngine.recent(history, messages: 10, characters: 9) == Array(history.suffix(2)))
        #expect(ConversationEngine.recent(history, messages: 10, characters: 3).isEmpty)
    }

    @Test func pastTheTurnLimitMessagesAreRefused() async throws {
        try await with(extra: ["TEXT_INTERVIEW_MAX_TURNS": "2"]) { groq, _, client, id, token, db in
            groq.enqueue(.stream([.content("One.")]), .stream([.content("Two.")]), .stream([.content("Three.")]))
            #expect(try await Self.send(client, id, token, "First").0 == .ok)
            #expect(try await Self.send(client, id, token, "Second").0 == .ok)
            let (status, body, _) = try await Self.send(client, id, token, "Third")
            #expect(status == .conflict)
            #expect(body.contains("turn_limit_reached"))
            #expect(groq.requests.count == 2)
            let stored = try await db.client.query("SELECT count(*) FROM interview_messages WHERE interview_id = \(id) AND role = 'user'",
                                                   logger: db.logger).decode(Int.self).first { _ in true }
            #expect(stored == 2)
        }
    }
}
