import AsyncHTTPClient
import Core
import Domain
import Foundation
import Logging
import PostgresNIO
import ProviderFakes
import ServiceLifecycle
import Voice
import VoiceFakes

/// `swift run -c release VoiceBench --sessions N [--turns T]` with `DATABASE_URL` set to a
/// disposable database (`scripts/bench-voice` starts one): N scripted candidates talk to the
/// real voice process at once, with faithful fakes answering at the providers' published
/// latencies; then the old plan's sequential design runs on the same fakes. Prints p50/p99.
@main
struct VoiceBench {
    static let deepgramKey = "dg_bench"
    static let cartesiaKey = "sk_car_bench"
    static let groqKey = "gsk_bench"

    static func main() async throws {
        var sessions = 1
        var turns = 5
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--sessions": sessions = Int(arguments.next() ?? "") ?? sessions
            case "--turns": turns = Int(arguments.next() ?? "") ?? turns
            default:
                print("usage: VoiceBench [--sessions N] [--turns T]   (DATABASE_URL: a disposable database)")
                return
            }
        }
        let turnCount = turns
        guard let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            print("DATABASE_URL is required (scripts/bench-voice starts a disposable PostgreSQL)")
            return
        }
        let registry = Observability.bootstrap(logLevel: .error)
        var logger = Logger(label: "bench")
        logger.logLevel = .error

        let deepgram = DeepgramFake(apiKey: deepgramKey, latency: .published, audioSecondsPerCharacter: 0.06, idleTimeout: .seconds(30))
        let cartesia = CartesiaFake(apiKey: cartesiaKey, firstByteLatency: .milliseconds(90), audioSecondsPerCharacter: 0.06)
        let groq = GroqFake(apiKey: groqKey)
        let groqWhole = GroqFake(apiKey: groqKey)
        let deepgramURL = try await deepgram.start()
        let cartesiaURL = try await cartesia.start()
        _ = try await groq.start()
        _ = try await groqWhole.start()
        let llmURL = groq.openAIBaseURL!
        let wholeLLMURL = groqWhole.openAIBaseURL!

        var results: [BenchResult] = []
        for tts in ["deepgram", "cartesia"] {
            let environment = Environment([
                "NODE_ENV": "production", "DATABASE_URL": databaseURL, "DATABASE_POOL_SIZE": "20",
                "JWT_SECRET": "bench-secret-bench-secret-bench-secret-42", "VOICE_PORT": "0", "HOST": "127.0.0.1",
                "DEEPGRAM_BASE_URL": deepgramURL.absoluteString, "CARTESIA_BASE_URL": cartesiaURL.absoluteString,
                "LLM_BASE_URL": llmURL.absoluteString, "DEEPGRAM_API_KEY": deepgramKey, "CARTESIA_API_KEY": cartesiaKey,
                "GROQ_API_KEY": groqKey, "VOICE_TTS_PROVIDER": tts, "VOICE_ENDPOINTING_MS": "100", "LOG_LEVEL": "error",
                "VOICE_MAX_SESSIONS": "10000",
            ])
            let configuration = try AppConfiguration(environment: environment)
            let postgres = PostgresClient(url: configuration.databaseURL, poolSize: 20, applicationName: "voice-bench", logger: logger)
            let postgresTask = Task { await postgres.run() }
            _ = try await Migrator(client: postgres, migrations: try Migration.bundled(), logger: logger).migrate()
            let platform = Platform(configuration: configuration, postgres: postgres, redis: InMemoryRedisStore(), metrics: registry, logger: logger)
            let httpClient = VoiceRuntime.makeHTTPClient()
            let runtime = VoiceRuntime(platform: platform, httpClient: httpClient)
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            let app = VoiceServer.buildApplication(runtime: runtime) { channel in portSink.yield(channel.localAddress?.port ?? 0) }
            let server = Task { try? await app.run() }
            var portIterator = ports.makeAsyncIterator()
            let port = await portIterator.next() ?? 0
            let label = tts == "deepgram" ? "Aura" : "Cartesia"

            let tokens = try await makeInterviews(sessions, postgres: postgres, secret: configuration.jwtSecret, logger: logger)
            for _ in 0..<(sessions * turns) { groq.enqueue(BenchScript.streamed) }
            let result = await withTaskGroup(of: BenchResult.self) { group in
                for (id, token) in tokens {
                    group.addTask {
                        var result = BenchResult(name: "streaming (\(label))")
                        await StreamingRun.run(
                            url: "ws://127.0.0.1:\(port)/voice/interview/\(id.uuidString.lowercased())/ws?token=\(token)",
                            turns: turnCount, into: &result)
                        return result
                    }
                }
                var total = BenchResult(name: "streaming (\(tts == "deepgram" ? "Aura" : "Cartesia"))")
                for await part in group {
                    total.clientVoiceToVoice += part.clientVoiceToVoice
                    total.serverVoiceToVoice += part.serverVoiceToVoice
                    total.serverOverhead += part.serverOverhead
                    total.failures += part.failures
                }
                return total
            }
            results.append(result)
            server.cancel()
            await server.value
            if tts == "cartesia" {
                for _ in 0..<(sessions * turns) { groqWhole.enqueue(BenchScript.whole) }
                let sequential = await withTaskGroup(of: BenchResult.self) { group in
                    for _ in 0..<sessions {
                        group.addTask {
                            var result = BenchResult(name: "sequential, old plan (Aura)")
                            await SequentialRun.run(deepgramURL: deepgramURL, llmURL: wholeLLMURL, httpClient: httpClient, turns: turnCount, into: &result)
                            return result
                        }
                    }
                    var total = BenchResult(name: "sequential, old plan (Aura)")
                    for await part in group {
                        total.clientVoiceToVoice += part.clientVoiceToVoice
                        total.failures += part.failures
                    }
                    return total
                }
                results.append(sequential)
            }
            try await httpClient.shutdown()
            postgresTask.cancel()
        }
        await deepgram.stop()
        await cartesia.stop()
        await groq.stop()
        await groqWhole.stop()
        report(results, sessions: sessions, turns: turns)
    }

    private static func makeInterviews(_ count: Int, postgres: PostgresClient, secret: String, logger: Logger) async throws -> [(UUID, String)] {
        let recruiter = UUID()
        try await postgres.query(
            "INSERT INTO users (id, email, password_hash) VALUES (\(recruiter), \("bench-\(recruiter.uuidString.prefix(8).lowercased())@example.com"), 'x')",
            logger: logger)
        let signer = TokenSigner(secret: secret)
        var tokens: [(UUID, String)] = []
        for _ in 0..<count {
            let expiresAt = Date().addingTimeInterval(86_400)
            let interview = try await postgres.withConnection { connection in
                try await Interview.insert(
                    Interview.Draft(
                        recruiterId: recruiter, postingId: nil, candidateEmail: "bench@example.com", candidateName: "Sam", candidateNotes: nil,
                        candidatePhone: nil, type: .voice, timeLimit: 60, expiresAt: expiresAt, resumeFileId: nil),
                    on: connection, logger: logger)
            }
            tokens.append((interview.id, try InterviewToken.issue(interviewId: interview.id, version: 0, expiresAt: expiresAt, timeLimitMinutes: 60, signer: signer)))
        }
        return tokens
    }

    private static func report(_ results: [BenchResult], sessions: Int, turns: Int) {
        func format(_ value: Double) -> String { value.isNaN ? "–" : String(format: "%.1f", value) }
        print("voice benchmark: \(sessions) concurrent session(s) × \(turns) turns")
        print("| design | turns | voice-to-voice p50 / p99 ms (client) | server voice-to-voice p50 / p99 ms | server overhead p50 / p99 ms | failed |")
        print("|---|---:|---|---|---|---:|")
        for result in results {
            let client = LatencyStats(samples: result.clientVoiceToVoice)
            let server = LatencyStats(samples: result.serverVoiceToVoice)
            let overhead = LatencyStats(samples: result.serverOverhead)
            print("| \(result.name) | \(result.clientVoiceToVoice.count) | \(format(client.p50)) / \(format(client.p99)) | \(format(server.p50)) / \(format(server.p99)) | \(format(overhead.p50)) / \(format(overhead.p99)) | \(result.failures) |")
        }
        if let sequential = results.first(where: { $0.name.hasPrefix("sequential") }) {
            let baseline = LatencyStats(samples: sequential.clientVoiceToVoice).p50
            for result in results where result.name.hasPrefix("streaming") {
                let p50 = LatencyStats(samples: result.clientVoiceToVoice).p50
                print("\(result.name): voice-to-voice p50 \(format((1 - p50 / baseline) * 100)) % below the sequential design")
            }
        }
    }
}
