import Core
import Domain
import Foundation
import Integrations
import Jobs
import PostgresNIO
import ProviderFakes
import TestSupport
import Testing
@testable import Worker

@Suite struct EvaluationAndPurgeHandlerTests {
    static let valid = #"{"overallScore":82,"communicationScore":78,"technicalScore":86,"strengths":["clear answers"],"improvements":["more depth"],"summary":"A solid candidate."}"#
    static let transcript = [("assistant", "Hello Ana, tell me about your last project."), ("user", "I built a Swift job queue on PostgreSQL.")]

    @Test func withoutAnLLMEvaluationFailsClearlyAndNeverInventsAScore() async throws {
        try await HandlerHarness.with { h in
            try await h.addTranscript(Self.transcript)
            do {
                try await EvaluateInterviewHandler(platform: h.platform, providers: h.providers)
                    .handle(EvaluateInterview(interviewId: h.interviewId), context: h.context())
                Issue.record("expected a permanent error")
            } catch let error as PermanentJobError {
                #expect(error.message.contains("no LLM configured"))
            }
            #expect(try await h.scalar("SELECT score FROM interviews", as: Int?.self) == .some(nil))
            #expect(try await h.scalar("SELECT evaluation_error FROM interviews", as: String.self)?.contains("no LLM configured") == true)
        }
    }

    @Test func aMalformedAnswerIsRetriedAndAValidOneCompletesTheInterview() async throws {
        let groq = GroqFake(apiKey: "groq-key")
        _ = try await groq.start()
        defer { Task { await groq.stop() } }
        let base = try #require(groq.openAIBaseURL)
        let redis = InMemoryRedisStore()
        try await HandlerHarness.with(extra: ["GROQ_API_KEY": "groq-key", "LLM_BASE_URL": base.absoluteString, "LLM_MODEL": "test-model"], redis: redis) { h in
            try await h.addTranscript(Self.transcript)
            let handler = EvaluateInterviewHandler(platform: h.platform, providers: h.providers)
            groq.enqueue(.reply(#"{"overallScore": "great"}"#), .jsonValidateFailed(failedGeneration: "{oops"), .reply(Self.valid))
            await #expect(throws: EvaluationAnswerError.self) {
                try await handler.handle(EvaluateInterview(interviewId: h.interviewId), context: h.context(attempt: 1))
            }
            await #expect(throws: ProviderError.self) {
                try await handler.handle(EvaluateInterview(interviewId: h.interviewId), context: h.context(attempt: 2))
            }
            #expect(try await h.scalar("SELECT evaluation_error FROM interviews", as: String?.self) == .some(nil))
            let events = try await h.platform.events.events()
            var iterator = events.makeAsyncIterator()
            try await handler.handle(EvaluateInterview(interviewId: h.interviewId), context: h.context(attempt: 3))
            let request = try #require(groq.requests.last)
            let body = String(decoding: request.body, as: UTF8.self)
            #expect(body.contains("json_object"))
            #expect(body.contains("test-model"))
            #expect(body.contains("I built a Swift job queue"))
            #expect(body.contains("overallScore"))
            #expect(try await h.scalar("SELECT score FROM interviews", as: Int.self) == 82)
            #expect(try await h.scalar("SELECT status::text FROM interviews", as: String.self) == "COMPLETED")
            #expect(try await h.scalar("SELECT strengths FROM interviews", as: [String].self) == ["clear answers"])
            let event = try #require(await iterator.next())
            #expect(event.name == "interview:update")
            #expect(event.data.contains("\"score\":82"))
            #expect(event.data.contains("\"interviewId\""))
        }
    }

    @Test func theLastInvalidAnswerLeavesAnErrorTheRecruiterCanSee() async throws {
        let groq = GroqFake(apiKey: "groq-key")
        _ = try await groq.start()
        defer { Task { await groq.stop() } }
        let base = try #require(groq.openAIBaseURL)
        try await HandlerHarness.with(extra: ["GROQ_API_KEY": "groq-key", "LLM_BASE_URL": base.absoluteString]) { h in
            try await h.addTranscript(Self.transcript)
            groq.enqueue(.reply(#"{"overallScore":150,"communicationScore":1,"technicalScore":1,"strengths":[],"improvements":[],"summary":"x"}"#))
            await #expect(throws: EvaluationAnswerError.self) {
                try await EvaluateInterviewHandler(platform: h.platform, providers: h.providers)
                    .handle(EvaluateInterview(interviewId: h.interviewId), context: h.context(attempt: 5, maxAttempts: 5))
            }
            #expect(try await h.scalar("SELECT evaluation_error FROM interviews", as: String.self)?.contains("overallScore") == true)
            #expect(try await h.scalar("SELECT status::text FROM interviews", as: String.self) == "COMPLETED")
        }
    }

    @Test func evaluationAnswersAreValidatedStrictly() throws {
        #expect(try InterviewEvaluation.parse(Self.valid).overallScore == 82)
        #expect(try InterviewEvaluation.parse("```json\n\(Self.valid)\n```").technicalScore == 86)
        for bad in [
            "not json", "[]", #"{"overallScore":82.5,"communicationScore":78,"technicalScore":86,"strengths":[],"improvements":[],"summary":"s"}"#,
            #"{"overallScore":0,"communicationScore":78,"technicalScore":86,"strengths":[],"improvements":[],"summary":"s"}"#,
            #"{"overallScore":true,"communicationScore":78,"technicalScore":86,"strengths":[],"improvements":[],"summary":"s"}"#,
            #"{"overallScore":82,"communicationScore":78,"technicalScore":86,"strengths":[1],"improvements":[],"summary":"s"}"#,
            #"{"overallScore":82,"communicationScore":78,"technicalScore":86,"strengths":[],"improvements":[],"summary":"  "}"#,
            #"{"overallScore":82,"communicationScore":78,"strengths":[],"improvements":[],"summary":"s"}"#,
        ] {
            #expect(throws: InterviewEvaluation.Invalid.self, "\(bad)") { try InterviewEvaluation.parse(bad) }
        }
    }

    @Test func oldRecordingsArePurgedInBatchesAndRecentOnesKept() async throws {
        try await HandlerHarness.with(extra: ["RECORDING_RETENTION_DAYS": "30"]) { h in
            let store = try #require(h.providers.recordings as? LocalRecordingStore)
            var keys: [String] = []
            for index in 0..<3 {
                let id = try #require(try await h.db.client.query("""
                    INSERT INTO interviews (recruiter_id, candidate_email, expires_at, status, started_at, completed_at)
                    VALUES (\(h.recruiterId), 'c@example.com', now(), 'COMPLETED', now() - interval '60 days', now() - make_interval(days => \(index == 2 ? 5 : 45)::int))
                    RETURNING id
                    """, logger: h.db.logger).decode(UUID.self).first { _ in true })
                let key = RecordingKey.make(interviewId: id, fileName: "r.webm")
                let file = store.fileURL(for: key)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data([1, 2, 3]).write(to: file)
                try await h.db.client.query("UPDATE interviews SET recording_key = \(key) WHERE id = \(id)", logger: h.db.logger)
                keys.append(key)
            }
            // One old recording's file is already gone: missing counts as deleted.
            try FileManager.default.removeItem(at: store.fileURL(for: keys[1]))
            let handler = PurgeRecordingsHandler(platform: h.platform, queue: h.queue, store: store, batchSize: 1)
            try await handler.handle(PurgeRecordings(), context: h.context())
            #expect(try await h.scalar("SELECT count(*) FROM interviews WHERE recording_key IS NOT NULL", as: Int.self) == 2)
            // A full batch enqueues the next run.
            #expect(try await h.scalar("SELECT count(*) FROM background_jobs WHERE kind = 'purge_recordings'", as: Int.self) == 1)
            try await handler.handle(PurgeRecordings(), context: h.context())
            try await handler.handle(PurgeRecordings(), context: h.context())
            #expect(try await h.scalar("SELECT count(*) FROM interviews WHERE recording_key IS NOT NULL", as: Int.self) == 1)
            #expect(!FileManager.default.fileExists(atPath: store.fileURL(for: keys[0]).path))
            #expect(FileManager.default.fileExists(atPath: store.fileURL(for: keys[2]).path))
        }
    }

    @Test func gcsRecordingsAreDeletedThroughTheJSONAPIWithA404CountingAsDeleted() async throws {
        let keyURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("IntegrationsTests/Fixtures/test_service_account.not-a-test.json")
        let keyJSON = try Data(contentsOf: keyURL)
        let gcs = try GCSFake(serviceAccountKeyJSON: keyJSON)
        let base = try await gcs.start()
        defer { Task { await gcs.stop() } }
        let tokenURL = try #require(gcs.tokenURL)
        try await HandlerHarness.with(extra: [
            "GCS_CREDENTIALS": String(decoding: keyJSON, as: UTF8.self), "GCS_BUCKET_NAME": "recordings-bucket",
            "GCS_BASE_URL": base.absoluteString, "GCS_TOKEN_URL": tokenURL.absoluteString,
        ]) { h in
            var keys: [String] = []
            for index in 0..<2 {
                let id = try #require(try await h.db.client.query("""
                    INSERT INTO interviews (recruiter_id, candidate_email, expires_at, status, started_at, completed_at)
                    VALUES (\(h.recruiterId), 'c@example.com', now(), 'COMPLETED', now() - interval '200 days', now() - interval '100 days') RETURNING id
                    """, logger: h.db.logger).decode(UUID.self).first { _ in true })
                let key = RecordingKey.make(interviewId: id, fileName: "r\(index).webm")
                try await h.db.client.query("UPDATE interviews SET recording_key = \(key) WHERE id = \(id)", logger: h.db.logger)
                keys.append(key)
            }
            _ = gcs.putObject(bucket: "recordings-bucket", name: keys[0])
            try await PurgeRecordingsHandler(platform: h.platform, queue: h.queue, store: h.providers.recordings)
                .handle(PurgeRecordings(), context: h.context())
            #expect(!gcs.containsObject(bucket: "recordings-bucket", name: keys[0]))
            #expect(gcs.storageRequests.filter { $0.method == "DELETE" }.count == 2)
            #expect(gcs.tokenRequests.count == 1)
            #expect(try await h.scalar("SELECT count(*) FROM interviews WHERE recording_key IS NOT NULL", as: Int.self) == 0)
        }
    }
}
