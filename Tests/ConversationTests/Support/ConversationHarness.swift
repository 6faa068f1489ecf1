import AsyncHTTPClient
import Core
import Foundation
import ProviderFakes
import TestSupport

/// The text interviewer's surroundings: a fresh database, a platform whose LLM is the Groq fake
/// over loopback, and an HTTP client for it.
struct ConversationHarness: Sendable {
    let db: TestDatabase
    let groq: GroqFake
    let platform: Platform
    let httpClient: HTTPClient

    /// Interviews, transcripts and queued evaluations in ``db``.
    var fixtures: InterviewFixtures { InterviewFixtures(db: db, jwtSecret: platform.configuration.jwtSecret) }

    /// Runs `body` with a harness; everything it started is stopped afterwards.
    static func with(_ body: @escaping @Sendable (ConversationHarness) async throws -> Void) async throws {
        let groq = GroqFake(apiKey: "gsk_test", defaultReply: "Thank you. Could you tell me more about that?")
        _ = try await groq.start()
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await TestDatabase.with { db in
                let platform = try TestPlatform.make(database: db, extra: [
                    "GROQ_API_KEY": "gsk_test", "LLM_BASE_URL": groq.openAIBaseURL!.absoluteString,
                ])
                try await body(ConversationHarness(db: db, groq: groq, platform: platform, httpClient: httpClient))
            }
        } catch {
            try? await httpClient.shutdown()
            await groq.stop()
            throw error
        }
        try await httpClient.shutdown()
        await groq.stop()
    }
}
