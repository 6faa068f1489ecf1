import AsyncHTTPClient
import Core
import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ProviderFakes
import ServiceLifecycle
import TestSupport
import Voice
import VoiceFakes

/// A running voice process on a fresh database, with every provider faked over loopback.
struct VoiceHarness: Sendable {
    let db: TestDatabase
    let deepgram: DeepgramFake
    let cartesia: CartesiaFake
    let groq: GroqFake
    let runtime: VoiceRuntime
    let port: Int

    static let deepgramKey = "dg_test_key"
    static let cartesiaKey = "sk_car_test"
    static let groqKey = "gsk_test"

    /// Runs `body` against a voice process configured with `extra` variables.
    static func with(
        extra: [String: String] = [:], keys: Bool = true, deepgramLatency: DeepgramFakeLatency = DeepgramFakeLatency(ttsChunkInterval: .milliseconds(40)),
        cartesiaFirstByte: Duration = .zero,
        _ body: @escaping @Sendable (VoiceHarness) async throws -> Void
    ) async throws {
        let deepgram = DeepgramFake(apiKey: deepgramKey, latency: deepgramLatency, audioSecondsPerCharacter: 0.004)
        let cartesia = CartesiaFake(apiKey: cartesiaKey, firstByteLatency: cartesiaFirstByte, audioSecondsPerCharacter: 0.004)
        let groq = GroqFake(apiKey: groqKey, defaultReply: "Thank you. Could you tell me more about that?")
        let deepgramURL = try await deepgram.start()
        let cartesiaURL = try await cartesia.start()
        _ = try await groq.start()
        defer { Task { await deepgram.stop(); await cartesia.stop(); await groq.stop() } }
        try await TestDatabase.with { db in
            var variables = [
                "VOICE_PORT": "0", "DEEPGRAM_BASE_URL": deepgramURL.absoluteString, "CARTESIA_BASE_URL": cartesiaURL.absoluteString,
                "LLM_BASE_URL": groq.openAIBaseURL!.absoluteString,
            ]
            if keys {
                variables["DEEPGRAM_API_KEY"] = deepgramKey
                variables["CARTESIA_API_KEY"] = cartesiaKey
                variables["GROQ_API_KEY"] = groqKey
            }
            for (key, value) in extra { variables[key] = value }
            let platform = try TestPlatform.make(database: db, extra: variables)
            let httpClient = VoiceRuntime.makeHTTPClient()
            let runtime = VoiceRuntime(platform: platform, httpClient: httpClient)
            let server = LoopbackServer()
            let url = try await server.start { onServerRunning in VoiceServer.buildApplication(runtime: runtime, onServerRunning: onServerRunning) }
            let harness = VoiceHarness(db: db, deepgram: deepgram, cartesia: cartesia, groq: groq, runtime: runtime, port: url.port ?? 0)
            do {
                try await body(harness)
            } catch {
                await server.stop()
                try? await httpClient.shutdown()
                throw error
            }
            await server.stop()
            try await httpClient.shutdown()
        }
        await deepgram.stop()
        await cartesia.stop()
        await groq.stop()
    }

    /// The database fixtures (interviews, transcripts, queued evaluations) of this harness.
    var fixtures: InterviewFixtures { InterviewFixtures(db: db, jwtSecret: runtime.platform.configuration.jwtSecret) }

    /// A recruiter, a posting and an interview (voice unless `type` says otherwise); returns the interview and its candidate token.
    func makeInterview(
        timeLimit: Int = 30, startedSecondsAgo: Int? = nil, expiresIn: TimeInterval = 86_400, status: String? = nil,
        type: InterviewType = .voice
    ) async throws -> (id: UUID, token: String) {
        try await fixtures.makeInterview(timeLimit: timeLimit, startedSecondsAgo: startedSecondsAgo, expiresIn: expiresIn, status: status, type: type)
    }

    /// Collects the next `count` `interview:update` events published (subscribed before it returns),
    /// one per room.
    func interviewUpdates(count: Int) async throws -> Task<[(room: String, update: InterviewUpdate)], any Error> {
        let events = try await runtime.platform.events.events()
        return Task {
            var received: [(room: String, update: InterviewUpdate)] = []
            for await event in events where event.name == "interview:update" {
                let update = try JSONDecoder().decode(InterviewUpdate.self, from: Data(event.data.utf8))
                for room in event.rooms { received.append((room, update)) }
                if received.count >= count { break }
            }
            return received
        }
    }

    /// Opens the candidate socket of `interview` with `token`.
    func connect(_ interview: UUID, token: String?) -> ScriptedCandidate {
        var url = "ws://127.0.0.1:\(port)/voice/interview/\(interview.uuidString.lowercased())/ws"
        if let token { url += "?token=\(token)" }
        return ScriptedCandidate(url: url)
    }

    /// The stored transcript, oldest first.
    func transcript(_ interview: UUID) async throws -> [InterviewMessage] { try await fixtures.transcript(interview) }

    /// The interview as stored.
    func interview(_ id: UUID) async throws -> Interview? { try await fixtures.interview(id) }

    /// The number of `evaluate_interview` jobs queued for `interview`.
    func evaluationJobs(_ interview: UUID) async throws -> Int { try await fixtures.evaluationJobs(interview) }
}
