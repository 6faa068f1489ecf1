import API
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

/// Text interviews through the API on the shared conversation engine, with the Groq fake.
@Suite struct TextInterviewTests {
    func interview(_ db: TestDatabase, type: String = "TEXT") async throws -> UUID {
        let recruiter = try #require(try await db.client.query(
            "INSERT INTO users (email, password_hash) VALUES (\("r\(UUID().uuidString.prefix(6).lowercased())@example.com"), 'x') RETURNING id", logger: db.logger
        ).decode(UUID.self).first { _ in true })
        return try #require(try await db.client.query("""
            INSERT INTO interviews (recruiter_id, candidate_email, candidate_name, type, expires_at)
            VALUES (\(recruiter), 'c@example.com', 'Ana', \(type)::interview_type, now() + interval '1 day') RETURNING id
            """, logger: db.logger).decode(UUID.self).first { _ in true })
    }

    func token(_ id: UUID, platform: Platform) throws -> String {
        try InterviewToken.issue(interviewId: id, version: 0, expiresAt: Date().addingTimeInterval(86_400), timeLimitMinutes: 30,
                                 signer: TokenSigner(secret: platform.configuration.jwtSecret))
    }

    @Test func theCandidateChatsAndTheReplyStreamsAsServerSentEvents() async throws {
        let groq = GroqFake(apiKey: "groq-key")
        _ = try await groq.start()
        defer { Task { await groq.stop() } }
        let base = try #require(groq.openAIBaseURL)
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db, extra: ["GROQ_API_KEY": "groq-key", "LLM_BASE_URL": base.absoluteString])
            let app = Application(router: try buildRouter(platform: platform))
            let id = try await interview(db)
            let voice = try await interview(db, type: "VOICE")
            let token = try token(id, platform: platform)
            groq.enqueue(.stream([.content("Thanks, Ana. "), .content("What did you build last?")]))
            try await app.test(.router) { client in
                let started = try await client.execute(uri: "/interviews/\(id)/conversation/start", method: .post,
                                                       headers: [.authorization: "Bearer \(token)"]) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body)
                }
                #expect(started.contains("\"assistant\""))
                let reply = try await client.execute(uri: "/interviews/\(id)/conversation", method: .post,
                                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                     body: ByteBuffer(string: #"{"message":"Hello, I am ready."}"#)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/event-stream")
                    return String(buffer: response.body)
                }
                #expect(reply.contains("event: delta"))
                #expect(reply.contains("event: done"))
                #expect(reply.contains("What did you build last?"))
                let empty = try await client.execute(uri: "/interviews/\(id)/conversation", method: .post,
                                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                     body: ByteBuffer(string: #"{"message":"   "}"#)) { $0.status }
                #expect(empty == .badRequest)
                let otherToken = try self.token(voice, platform: platform)
                let wrongType = try await client.execute(uri: "/interviews/\(voice)/conversation/start", method: .post,
                                                         headers: [.authorization: "Bearer \(otherToken)"]) { $0.status }
                #expect(wrongType == .conflict)
                let foreign = try await client.execute(uri: "/interviews/\(voice)/conversation/start", method: .post,
                                                       headers: [.authorization: "Bearer \(token)"]) { $0.status }
                #expect(foreign == .notFound)
            }
            let roles = try await db.client.query("SELECT role FROM interview_messages WHERE interview_id = \(id) ORDER BY created_at, id",
                                                  logger: db.logger).decode(String.self).collectAll()
            #expect(roles == ["assistant", "user", "assistant"])
            #expect(try await db.client.query("SELECT status::text FROM interviews WHERE id = \(id)", logger: db.logger)
                .decode(String.self).first { _ in true } == "IN_PROGRESS")
        }
    }

    @Test func withoutAnLLMTheConversationIsRefusedClearly() async throws {
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db)
            let app = Application(router: try buildRouter(platform: platform))
            let id = try await interview(db)
            let token = try token(id, platform: platform)
            try await app.test(.router) { client in
                let body = try await client.execute(uri: "/interviews/\(id)/conversation", method: .post,
                                                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                    body: ByteBuffer(string: #"{"message":"Hello"}"#)) { response in
                    #expect(response.status == .serviceUnavailable)
                    return String(buffer: response.body)
                }
                #expect(body.contains("not_configured"))
            }
        }
    }

    @Test func aProviderFailureReachesTheCandidateAsAGenericMessage() async throws {
        let groq = GroqFake(apiKey: "groq-key")
        _ = try await groq.start()
        defer { Task { await groq.stop() } }
        let base = try #require(groq.openAIBaseURL)
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db, extra: ["GROQ_API_KEY": "groq-key", "LLM_BASE_URL": base.absoluteString])
            let app = Application(router: try buildRouter(platform: platform))
            let id = try await interview(db)
            let token = try token(id, platform: platform)
            let secret = "organization org-SECRET123 exceeded its quota on model internal-llm"
            groq.enqueue(.badRequest(secret))
            groq.enqueue(.badRequest(secret))
            try await app.test(.router) { client in
                let body = try await client.execute(uri: "/interviews/\(id)/conversation", method: .post,
                                                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                    body: ByteBuffer(string: #"{"message":"Hello"}"#)) { response in
                    #expect(response.status == .badGateway)
                    return String(buffer: response.body)
                }
                #expect(body.contains("reply_failed"))
                #expect(!body.contains("SECRET123"))
                #expect(!body.contains("internal-llm"))
            }
        }
    }
}
