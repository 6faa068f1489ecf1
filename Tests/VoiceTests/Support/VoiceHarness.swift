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
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            let app = VoiceServer.buildApplication(runtime: runtime) { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
            }
            let server = Task { try? await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let harness = VoiceHarness(db: db, deepgram: deepgram, cartesia: cartesia, groq: groq, runtime: runtime, port: port)
            do {
                try await body(harness)
            } catch {
                server.cancel()
                await server.value
                try? await httpClient.shutdown()
                throw error
            }
            server.cancel()
            await server.value
            try await httpClient.shutdown()
        }
        await deepgram.stop()
        await cartesia.stop()
        await groq.stop()
    }

    /// A recruiter, a posting and an interview (voice unless `type` says otherwise); returns the interview and its candidate token.
    func makeInterview(
        timeLimit: Int = 30, startedSecondsAgo: Int? = nil, expiresIn: TimeInterval = 86_400, status: String? = nil,
        type: InterviewType = .voice
    ) async throws -> (id: UUID, token: String) {
        let recruiter = UUID()
        let posting = UUID()
        let logger = db.logger
        try await db.client.query(
            "INSERT INTO users (id, email, password_hash) VALUES (\(recruiter), \("r-\(recruiter.uuidString.prefix(8).lowercased())@example.com"), 'x')",
            logger: logger)
        try await db.client.query(
            """
            INSERT INTO job_postings (id, recruiter_id, title, description)
            VALUES (\(posting), \(recruiter), 'Senior Swift Engineer', 'Build server-side Swift services with PostgreSQL.')
            """, logger: logger)
        let expiresAt = Date().addingTimeInterval(expiresIn)
        let interview = try await db.client.withConnection { connection in
            try await Interview.insert(
                Interview.Draft(
                    recruiterId: recruiter, postingId: posting, candidateEmail: "ana@example.com", candidateName: "Ana", candidateNotes: nil,
                    candidatePhone: nil, type: type, timeLimit: timeLimit, expiresAt: expiresAt, resumeFileId: nil),
                on: connection, logger: logger)
        }
        if let startedSecondsAgo {
            try await db.client.query(
                """
                UPDATE interviews SET status = 'IN_PROGRESS', started_at = now() - make_interval(secs => \(Double(startedSecondsAgo)))
                WHERE id = \(interview.id)
                """, logger: logger)
        }
        if let status {
            try await db.client.query(
                "UPDATE interviews SET status = \(status)::interview_status WHERE id = \(interview.id)", logger: logger)
        }
        let token = try InterviewToken.issue(
            interviewId: interview.id, version: 0, expiresAt: expiresAt, timeLimitMinutes: timeLimit,
            signer: TokenSigner(secret: runtime.platform.configuration.jwtSecret))
        return (interview.id, token)
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
    func transcript(_ interview: UUID) async throws -> [InterviewMessage] {
        try await InterviewMessage.all(interviewId: interview, on: db.database, logger: db.logger)
    }

    /// The interview as stored.
    func interview(_ id: UUID) async throws -> Interview? {
        try await Interview.find(id: id, on: db.database, logger: db.logger)
    }

    /// Kinds of the jobs queued for `interview`.
    func evaluationJobs(_ interview: UUID) async throws -> Int {
        let rows = try await db.client.query(
            "SELECT count(*)::int FROM background_jobs WHERE kind = 'evaluate_interview' AND args->>'interviewId' = \(interview.uuidString)",
            logger: db.logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
