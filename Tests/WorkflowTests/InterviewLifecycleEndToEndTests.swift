import API
import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Jobs
import Logging
import NIOCore
import PostgresNIO
import ProviderFakes
import Synchronization
import TestSupport
import Testing
import Worker

/// An interview's whole life with real parts: the API (live, with its `/socket.io/` gateway), a
/// worker running the real evaluation handler against the Groq fake, and two browsers played by
/// the real python-socketio client — the recruiter in `user:<id>`, the candidate (interview
/// token) in `interview:<id>`.
@Suite struct InterviewLifecycleEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python")
    static let script = root.appendingPathComponent("Tests/Python/interview_listener.py")
    static let valid = #"{"overallScore":82,"communicationScore":78,"technicalScore":86,"strengths":["clear answers"],"improvements":["more depth"],"summary":"A solid candidate."}"#

    /// A python-socketio client following `interview:update` (`interview_listener.py` with `arguments`).
    static func listener(_ arguments: [String]) throws -> ScriptRun {
        try ScriptRun(executable: python, arguments: [script.path] + arguments)
    }

    @Test(.timeLimit(.minutes(3)))
    func anEndedConversationCompletesAtOnceAFailedEvaluationIsVisibleAndReRequestedAndTheCandidateNeverSeesScores() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python.path), "run the suite with scripts/test, which installs python-socketio into .venv")
        let groq = GroqFake(apiKey: "groq-key")
        _ = try await groq.start()
        defer { Task { await groq.stop() } }
        let base = try #require(groq.openAIBaseURL)
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db, extra: [
                "GROQ_API_KEY": "groq-key", "LLM_BASE_URL": base.absoluteString, "BCRYPT_COST": "4", "EVALUATION_WAIT_SECONDS": "20",
            ])
            // Every event published on the bus, as the relay forwards them to the rooms.
            let bus = try await platform.events.events()
            let published = Mutex<[RealtimeEvent]>([])
            let collector = Task { for await event in bus { published.withLock { $0.append(event) } } }
            defer { collector.cancel() }

            let app = try buildApplication(platform: platform)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let url = "http://127.0.0.1:\(port)"
                func call(_ method: HTTPRequest.Method, _ path: String, token: String, json: String? = nil) async throws -> (HTTPResponse.Status, [String: Any], String) {
                    var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                    if json != nil { headers[.contentType] = "application/json" }
                    return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
                        let data = Data(response.body.readableBytesView)
                        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
                        return (response.status, object, String(decoding: data, as: UTF8.self))
                    }
                }
                let signUp = try await client.execute(uri: "/auth/signup", method: .post, headers: [.contentType: "application/json"],
                                                      body: ByteBuffer(string: #"{"email":"rec@example.com","password":"a long password"}"#)) { response in
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                }
                let recruiterToken = try #require(signUp?["token"] as? String)
                let recruiterId = try #require((signUp?["user"] as? [String: Any])?["id"] as? String)
                // A text interview without a job posting.
                let (createdStatus, created, _) = try await call(.post, "/interviews", token: recruiterToken,
                                                                 json: #"{"candidateEmail":"cand@example.com","candidateName":"Ana","type":"TEXT"}"#)
                #expect(createdStatus == .created)
                let idText = try #require(created["id"] as? String)
                let id = try #require(UUID(uuidString: idText))
                let candidateToken = try InterviewToken.issue(interviewId: id, version: 0, expiresAt: Date().addingTimeInterval(86_400),
                                                              timeLimitMinutes: 30, signer: TokenSigner(secret: platform.configuration.jwtSecret))

                let recruiter = try Self.listener([url, recruiterToken, "join:recruiter", recruiterId, "evaluated"])
                let candidate = try Self.listener([url, candidateToken, "join:interview", idText, "expired"])
                #expect(try await recruiter.waitFor("READY"), "\(recruiter.output)")
                #expect(try await candidate.waitFor("READY"), "\(candidate.output)")

                // The conversation: opened, then closed by the interviewer's goodbye.
                #expect(try await call(.post, "/interviews/\(idText)/conversation/start", token: candidateToken).0 == .ok)
                groq.enqueue(.reply("Thank you, Ana, the team will follow up. Goodbye! [END_INTERVIEW]"))
                let (replyStatus, _, reply) = try await call(.post, "/interviews/\(idText)/conversation", token: candidateToken,
                                                             json: #"{"message":"I built a Swift job queue on PostgreSQL."}"#)
                #expect(replyStatus == .ok)
                #expect(reply.contains(#""ended":true"#))

                // Ended: COMPLETED with completedAt at once, before any evaluation ran.
                let (_, ended, _) = try await call(.get, "/interviews/\(idText)", token: recruiterToken)
                #expect(ended["status"] as? String == "COMPLETED")
                #expect(ended["completedAt"] is String)
                #expect(ended["score"] == nil)
                #expect(ended["evaluationError"] is NSNull)
                #expect(try await db.client.query("SELECT count(*)::int FROM background_jobs WHERE kind = 'evaluate_interview' AND state = 'available'",
                                                  logger: db.logger).decode(Int.self).first { _ in true } == 1)

                // The worker's first evaluation is refused for good by the provider.
                groq.enqueue(.badRequest("The model `retired-model` has been decommissioned"))
                let worker = try db.platformWorker(platform)
                let running = Task { try await worker.run() }
                var failed: [String: Any] = [:]
                for _ in 0..<400 {
                    failed = try await call(.get, "/interviews/\(idText)", token: recruiterToken).1
                    if failed["evaluationError"] is String { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect((failed["evaluationError"] as? String)?.contains("decommissioned") == true, "\(failed)")
                #expect(failed["status"] as? String == "COMPLETED")
                #expect(failed["score"] == nil)
                // The rubric of an interview without a posting reads correctly.
                let rubric = String(decoding: try #require(groq.requests.last).body, as: UTF8.self)
                #expect(rubric.contains("Based on the following interview conversation, provide a JSON evaluation."))
                #expect(!rubric.contains("for a the"))

                // Re-requesting evaluates it, answered in the old client's shape.
                groq.enqueue(.reply(Self.valid))
                let (evaluateStatus, answer, answerText) = try await call(.post, "/voice/interview/\(idText)/evaluate", token: recruiterToken)
                #expect(evaluateStatus == .ok, "\(answerText)")
                let evaluation = try #require(answer["evaluation"] as? [String: Any], "\(answerText)")
                #expect(Set(evaluation.keys) == ["overallScore", "communicationScore", "technicalScore", "strengths", "improvements", "summary"])
                #expect(evaluation["overallScore"] as? Int == 82)
                #expect(evaluation["strengths"] as? [String] == ["clear answers"])
                let (_, evaluated, _) = try await call(.get, "/interviews/\(idText)", token: recruiterToken)
                #expect(evaluated["score"] as? Int == 82)
                #expect(evaluated["evaluationError"] is NSNull)
                #expect(evaluated["status"] as? String == "COMPLETED")
                #expect(try await recruiter.exitStatus() == 0, "\(recruiter.output)")
                worker.triggerShutdown()
                try await running.value

                // A last status change for the interview's room, after everything above: once the
                // candidate has it, any earlier event for that room has arrived too.
                await platform.events.publish(InterviewUpdate(interviewId: id, status: "EXPIRED", change: .expired),
                                              recruiterId: try #require(UUID(uuidString: recruiterId)))
                #expect(try await candidate.exitStatus() == 0, "\(candidate.output)")

                // The recruiter: every change, with the evaluation's outcome.
                let recruiterUpdates = recruiter.updates
                #expect(recruiterUpdates.compactMap { $0["change"] as? String } == ["started", "completed", "evaluation_failed", "evaluated"],
                        "\(recruiter.output)")
                #expect(recruiterUpdates.allSatisfy { $0["interviewId"] as? String == idText })
                #expect(recruiterUpdates.first { $0["change"] as? String == "evaluated" }?["score"] as? Int == 82)
                #expect((recruiterUpdates.first { $0["change"] as? String == "evaluation_failed" }?["evaluationError"] as? String)?
                    .contains("decommissioned") == true)
                // The candidate: status changes only, never a score or an evaluation error.
                let candidateUpdates = candidate.updates
                #expect(candidateUpdates.compactMap { $0["change"] as? String } == ["started", "completed", "expired"], "\(candidate.output)")
                #expect(candidateUpdates.map { $0["status"] as? String } == ["IN_PROGRESS", "COMPLETED", "EXPIRED"])
                #expect(candidateUpdates.allSatisfy { Set($0.keys) == ["interviewId", "status", "change"] }, "\(candidate.output)")
                #expect(!candidate.output.contains("score") && !candidate.output.contains("evaluationError"))

                // On the bus too: nothing for the interview's room carries the evaluation; every
                // interview:update decodes as the one payload type.
                // started and completed (two rooms each), evaluation_failed, evaluated, the last one (two rooms).
                var events: [RealtimeEvent] = []
                for _ in 0..<200 {
                    events = published.withLock { $0 }.filter { $0.name == "interview:update" }
                    if events.count >= 8 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(events.count == 8)
                for event in events {
                    let update = try JSONDecoder().decode(InterviewUpdate.self, from: Data(event.data.utf8))
                    #expect(update.interviewId == id)
                    if event.rooms.contains(RealtimeEvent.interviewRoom(id)) {
                        #expect(update.score == nil && update.evaluationError == nil && update.change.changesStatus, "\(event)")
                        #expect(!event.data.contains("score") && !event.data.contains("evaluationError"))
                    }
                }
            }
        }
    }
}

extension ScriptRun {
    /// The `interview:update` payloads `interview_listener.py` printed (`GOT <json>` lines).
    var updates: [[String: Any]] {
        output.split(separator: "\n").compactMap { line -> [String: Any]? in
            guard line.hasPrefix("GOT ") else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(line.dropFirst(4).utf8)) as? [String: Any]
        }
    }
}
