@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import Jobs
import PostgresNIO
import TestSupport
import Testing

@Suite struct InterviewRoutesTests {
    @Test func createWithInvitesWritesTheRowAndItsJobsTogether() async throws {
        try await APIHarness.with { api in
            let recruiter = try await api.signUp()
            let created = try await api.request(.post, "/interviews", token: recruiter.token, json: """
                {"candidateEmail":"Cand@Example.com","candidateName":"Ana","candidatePhone":"+14155550123","type":"VOICE",
                 "timeLimit":45,"invites":["email","whatsapp"]}
                """)
            #expect(created.status == .created)
            #expect(created.object["candidateEmail"] as? String == "cand@example.com")
            #expect(created.object["type"] as? String == "VOICE")
            #expect(created.object["status"] as? String == "PENDING")
            #expect(created.object["timeLimit"] as? Int == 45)
            let id = try #require(created.object["id"] as? String)
            #expect(created.headers[.location] == "/interviews/\(id)")
            #expect(id == id.lowercased())
            let kinds = try await api.db.client.query(
                "SELECT kind FROM background_jobs WHERE args->>'interviewId' = \(id.uppercased()) OR args->>'interviewId' = \(id) ORDER BY kind",
                logger: api.db.logger).decode(String.self).collectAll()
            #expect(kinds == ["send_invite_email", "send_whatsapp"])
        }
    }

    @Test func aFailedInviteEnqueueLeavesNeitherTheInterviewNorAnyJob() async throws {
        try await APIHarness.with { api in
            let recruiter = try await api.signUp()
            // Make the second insert of the transaction fail inside PostgreSQL.
            try await api.db.client.query("""
                CREATE FUNCTION refuse_whatsapp() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.kind = 'send_whatsapp' THEN RAISE EXCEPTION 'whatsapp queue unavailable'; END IF; RETURN NEW; END $$
                """, logger: api.db.logger)
            try await api.db.client.query(
                "CREATE TRIGGER refuse_whatsapp BEFORE INSERT ON background_jobs FOR EACH ROW EXECUTE FUNCTION refuse_whatsapp()",
                logger: api.db.logger)
            let response = try await api.request(.post, "/interviews", token: recruiter.token, json: """
                {"candidateEmail":"cand@example.com","candidatePhone":"+14155550123","invites":["email","whatsapp"]}
                """, validate: false)
            #expect(response.status == .internalServerError)
            #expect(response.code == "internal_error")
            #expect(!response.text.contains("whatsapp queue unavailable"))
            #expect(try await api.scalar("SELECT count(*) FROM interviews", as: Int.self) == 0)
            #expect(try await api.scalar("SELECT count(*) FROM background_jobs", as: Int.self) == 0)
        }
    }

    @Test func invalidInterviewBodiesNameEveryField() async throws {
        try await APIHarness.with { api in
            let recruiter = try await api.signUp()
            let response = try await api.request(.post, "/interviews", token: recruiter.token, json: """
                {"candidateEmail":"nope","candidatePhone":"555-1234","type":"VIDEO","timeLimit":0,"expiresAt":"2001-01-01T00:00:00Z","invites":["fax"]}
                """)
            #expect(response.status == .badRequest)
            let fields = try #require(response.object["fields"] as? [String: String])
            #expect(Set(fields.keys) == ["candidateEmail", "candidatePhone", "type", "timeLimit", "expiresAt", "invites"])
            let noPhone = try await api.request(.post, "/interviews", token: recruiter.token,
                                                json: #"{"candidateEmail":"a@example.com","invites":["whatsapp"]}"#)
            #expect((noPhone.object["fields"] as? [String: String])?["candidatePhone"] != nil)
            let other = try await api.signUp()
            let foreignJob = try await api.posting(of: other)
            let badRef = try await api.request(.post, "/interviews", token: recruiter.token,
                                               json: #"{"candidateEmail":"a@example.com","jobId":"\#(foreignJob.uuidString)"}"#)
            #expect(badRef.status == .badRequest)
            #expect((badRef.object["fields"] as? [String: String])?["jobId"] == "must be one of your job postings")
        }
    }

    @Test func listsAreOwnNewestFirstFilteredAndPaginatedWithLink() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let b = try await api.signUp()
            var ids: [UUID] = []
            for _ in 0..<5 { ids.append(try await api.interview(of: a)) }
            _ = try await api.interview(of: b)
            let first = try await api.request(.get, "/interviews?limit=2", token: a.token)
            #expect(first.status == .ok)
            #expect(first.array.compactMap { $0["id"] as? String } == [ids[4], ids[3]].map { $0.uuidString.lowercased() })
            let link = try #require(first.headers[.link])
            #expect(link.hasSuffix("; rel=\"next\""))
            var path = String(link.dropFirst().prefix { $0 != ">" })
            var seen = first.array.compactMap { $0["id"] as? String }
            while true {
                let page = try await api.request(.get, path, token: a.token)
                seen += page.array.compactMap { $0["id"] as? String }
                guard let next = page.headers[.link] else { break }
                path = String(next.dropFirst().prefix { $0 != ">" })
            }
            #expect(seen == ids.reversed().map { $0.uuidString.lowercased() })
            let none = try await api.request(.get, "/interviews?status=COMPLETED", token: a.token)
            #expect(none.array.isEmpty)
            let badStatus = try await api.request(.get, "/interviews?status=DONE", token: a.token)
            #expect(badStatus.status == .badRequest)
            let badCursor = try await api.request(.get, "/interviews?cursor=%%%", token: a.token)
            #expect(badCursor.status == .badRequest)
            let badLimit = try await api.request(.get, "/interviews?limit=1000", token: a.token)
            #expect(badLimit.status == .badRequest)
        }
    }

    @Test func withoutLimitTheWholeListComesBackUpToTheCapThenLink() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let b = try await api.signUp()
            _ = try await api.interview(of: b)
            // 1,002 interviews of `a` (more than the 1,000-row cap), written directly.
            try await api.db.client.query("""
                INSERT INTO interviews (recruiter_id, candidate_email, expires_at, created_at)
                SELECT \(a.id), 'c' || n || '@example.com', now() + interval '7 days', now() - n * interval '1 second'
                FROM generate_series(1, 1002) AS n
                """, logger: api.db.logger)
            let whole = try await api.request(.get, "/interviews", token: a.token)
            #expect(whole.status == .ok)
            #expect(whole.array.count == 1_000)
            let link = try #require(whole.headers[.link])
            let rest = try await api.request(.get, String(link.dropFirst().prefix { $0 != ">" }), token: a.token)
            #expect(rest.array.count == 2)
            #expect(rest.headers[.link] == nil)
            let all = Set((whole.array + rest.array).compactMap { $0["id"] as? String })
            #expect(all.count == 1_002)
            // A short list comes back whole, with no Link.
            let fewer = try await api.request(.get, "/interviews", token: b.token)
            #expect(fewer.array.count == 1 && fewer.headers[.link] == nil)
            let paged = try await api.request(.get, "/interviews?limit=51", token: a.token)
            #expect(paged.array.count == 51 && paged.headers[.link] != nil)
        }
    }

    @Test func updateDeleteAndOwnershipAre404ForOthers() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let b = try await api.signUp()
            let id = try await api.interview(of: a).uuidString
            #expect(try await api.request(.get, "/interviews/\(id)", token: b.token).status == .notFound)
            #expect(try await api.request(.patch, "/interviews/\(id)", token: b.token, json: #"{"candidateName":"x"}"#).status == .notFound)
            #expect(try await api.request(.delete, "/interviews/\(id)", token: b.token).status == .notFound)
            #expect(try await api.request(.get, "/interviews/not-a-uuid", token: a.token).status == .notFound)
            let updated = try await api.request(.patch, "/interviews/\(id)", token: a.token, json: #"{"candidateName":"Bea","timeLimit":20}"#)
            #expect(updated.status == .ok)
            #expect(updated.object["candidateName"] as? String == "Bea")
            try await api.db.client.query("UPDATE interviews SET status = 'IN_PROGRESS', started_at = now() WHERE id = \(UUID(uuidString: id)!)", logger: api.db.logger)
            let late = try await api.request(.patch, "/interviews/\(id)", token: a.token, json: #"{"timeLimit":60}"#)
            #expect(late.status == .conflict)
            #expect(try await api.request(.delete, "/interviews/\(id)", token: a.token).status == .conflict)
            try await api.db.client.query("UPDATE interviews SET status = 'COMPLETED', completed_at = now() WHERE id = \(UUID(uuidString: id)!)", logger: api.db.logger)
            #expect(try await api.request(.delete, "/interviews/\(id)", token: a.token).status == .ok)
            #expect(try await api.request(.get, "/interviews/\(id)", token: a.token).status == .notFound)
        }
    }

    @Test func theCandidateTokenOpensOnlyItsInterview() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let posting = try await api.posting(of: a)
            let id = try await api.interview(of: a, extra: #","jobId":"\#(posting.uuidString)""#)
            let other = try await api.interview(of: a)
            let token = try await api.candidateToken(for: id, owner: a)
            let view = try await api.request(.get, "/interviews/\(id.uuidString)", token: token)
            #expect(view.status == .ok)
            #expect(view.object["candidateEmail"] == nil)
            #expect(view.object["candidateNotes"] == nil)
            #expect((view.object["job"] as? [String: Any])?["title"] as? String == "Swift engineer")
            let viaQuery = try await api.request(.get, "/interviews/\(id.uuidString)?token=\(token)")
            #expect(viaQuery.status == .ok)
            #expect(try await api.request(.get, "/interviews/\(other.uuidString)", token: token).status == .notFound)
            #expect(try await api.request(.get, "/interviews", token: token).status == .forbidden)
            #expect(try await api.request(.patch, "/interviews/\(id.uuidString)", token: token, json: "{}").status == .forbidden)
            #expect(try await api.request(.get, "/interviews/\(id.uuidString)/messages", token: token).status == .ok)
            let signer = TokenSigner(secret: "test-secret-test-secret-test-secret-42")
            let expired = try InterviewToken.issue(interviewId: id, version: 0, expiresAt: Date(timeIntervalSinceNow: -86_400 * 2), timeLimitMinutes: 30, signer: signer)
            #expect(try await api.request(.get, "/interviews/\(id.uuidString)", token: expired).status == .unauthorized)
        }
    }

    @Test func resendingInvitesIsUniquePerInterviewAndNeedsAPendingInterview() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let id = try await api.interview(of: a).uuidString
            let first = try await api.request(.post, "/interviews/\(id)/invites", token: a.token, json: #"{"channels":["email"]}"#)
            #expect(first.status == .accepted)
            let second = try await api.request(.post, "/interviews/\(id)/invites", token: a.token, json: #"{"channels":["email"]}"#)
            #expect(second.status == .accepted)
            #expect(try await api.scalar("SELECT count(*) FROM background_jobs WHERE kind = 'send_invite_email'", as: Int.self) == 1)
            let whatsapp = try await api.request(.post, "/interviews/\(id)/invites", token: a.token, json: #"{"channels":["whatsapp"]}"#)
            #expect(whatsapp.status == .badRequest)
            try await api.db.client.query("UPDATE interviews SET status = 'EXPIRED'", logger: api.db.logger)
            #expect(try await api.request(.post, "/interviews/\(id)/invites", token: a.token, json: #"{"channels":["email"]}"#).status == .conflict)
        }
    }

    @Test func evaluateWaitsForTheWorkerAndAnswersTheOldClientsEvaluationShape() async throws {
        try await APIHarness.with(extra: ["EVALUATION_WAIT_SECONDS": "20"]) { api in
            let a = try await api.signUp()
            let id = try await api.interview(of: a)
            let notStarted = try await api.request(.post, "/voice/interview/\(id.uuidString)/evaluate", token: a.token)
            #expect(notStarted.status == .conflict)
            #expect(notStarted.code == "interview_not_started")
            // A live conversation is evaluated when it ends, not before.
            try await api.db.client.query("UPDATE interviews SET status = 'IN_PROGRESS', started_at = now() WHERE id = \(id)", logger: api.db.logger)
            let live = try await api.request(.post, "/voice/interview/\(id.uuidString)/evaluate", token: a.token)
            #expect(live.status == .conflict)
            #expect(live.code == "interview_in_progress")
            #expect(try await api.scalar("SELECT count(*) FROM background_jobs WHERE kind = 'evaluate_interview'", as: Int.self) == 0)
            try await api.db.client.query("UPDATE interviews SET status = 'COMPLETED', started_at = now(), completed_at = now() WHERE id = \(id)", logger: api.db.logger)
            // A stand-in worker: claims the job, stores scores, completes it.
            let queue = api.services.queue
            let db = api.db
            let worker = Task {
                for _ in 0..<200 {
                    let claimed = try await queue.claim(queue: "default", limit: 1, worker: "test", leaseDuration: .seconds(30))
                    if let job = claimed.first {
                        try await db.client.query("""
                            UPDATE interviews SET score = 81, communication_score = 77, technical_score = 85, summary = 'Solid',
                                strengths = '{clear}', improvements = '{depth}', status = 'COMPLETED' WHERE id = \(id)
                            """, logger: db.logger)
                        _ = try await queue.complete([job.fence])
                        return
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            let response = try await api.request(.post, "/voice/interview/\(id.uuidString)/evaluate", token: a.token)
            try await worker.value
            #expect(response.status == .ok)
            let evaluation = try #require(response.object["evaluation"] as? [String: Any])
            // The old client's InterviewEvaluation, exactly.
            #expect(Set(evaluation.keys) == ["overallScore", "communicationScore", "technicalScore", "strengths", "improvements", "summary"])
            #expect(evaluation["overallScore"] as? Int == 81)
            #expect(evaluation["communicationScore"] as? Int == 77)
            #expect(evaluation["technicalScore"] as? Int == 85)
            #expect(evaluation["strengths"] as? [String] == ["clear"])
            #expect(evaluation["improvements"] as? [String] == ["depth"])
            #expect(evaluation["summary"] as? String == "Solid")
            // The interview keeps its score; asking again answers the stored evaluation without a new job.
            #expect(try await api.request(.get, "/interviews/\(id.uuidString)", token: a.token).object["score"] as? Int == 81)
            let again = try await api.request(.post, "/voice/interview/\(id.uuidString)/evaluate", token: a.token)
            #expect(again.status == .ok)
            #expect((again.object["evaluation"] as? [String: Any])?["overallScore"] as? Int == 81)
            #expect(try await api.scalar("SELECT count(*) FROM background_jobs WHERE kind = 'evaluate_interview'", as: Int.self) == 1)
        }
    }

    @Test func evaluateAnswers202WithTheJobWhenTheWorkerIsSlow() async throws {
        try await APIHarness.with(extra: ["EVALUATION_WAIT_SECONDS": "0"]) { api in
            let a = try await api.signUp()
            let id = try await api.interview(of: a)
            try await api.db.client.query("UPDATE interviews SET status = 'COMPLETED', started_at = now(), completed_at = now() WHERE id = \(id)", logger: api.db.logger)
            let pending = try await api.request(.post, "/voice/interview/\(id.uuidString)/evaluate", token: a.token)
            #expect(pending.status == .accepted)
            let jobId = try #require(pending.object["jobId"] as? Int)
            let again = try await api.request(.post, "/voice/interview/\(id.uuidString)/evaluate", token: a.token)
            #expect(again.object["jobId"] as? Int == jobId)
            #expect(try await api.scalar("SELECT count(*) FROM background_jobs WHERE kind = 'evaluate_interview'", as: Int.self) == 1)
        }
    }

    @Test func evaluateAnswers422WithTheReasonWhenTheJobIsDiscarded() async throws {
        try await APIHarness.with(extra: ["EVALUATION_WAIT_SECONDS": "20"]) { api in
            let a = try await api.signUp()
            let id = try await api.interview(of: a)
            try await api.db.client.query("UPDATE interviews SET status = 'COMPLETED', started_at = now(), completed_at = now() WHERE id = \(id)", logger: api.db.logger)
            let queue = api.services.queue
            let worker = Task {
                for _ in 0..<200 {
                    if let job = try await queue.claim(queue: "default", limit: 1, worker: "test", leaseDuration: .seconds(30)).first {
                        _ = try await queue.fail(job.fence, error: "no LLM configured", retryDelay: .seconds(1), permanent: true)
                        return
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            let response = try await api.request(.post, "/voice/interview/\(id.uuidString)/evaluate", token: a.token)
            try await worker.value
            #expect(response.status == .unprocessableContent)
            #expect(response.code == "evaluation_failed")
            #expect((response.object["error"] as? String)?.contains("no LLM configured") == true)
        }
    }

    @Test func deliveriesAndMessagesAreReadableByTheOwner() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let id = try await api.interview(of: a)
            try await api.db.client.query("INSERT INTO email_messages (interview_id, message_id, status) VALUES (\(id), 'm-1', 'SENT')", logger: api.db.logger)
            try await api.db.client.query("INSERT INTO interview_messages (interview_id, role, content) VALUES (\(id), 'assistant', 'Hello')", logger: api.db.logger)
            let deliveries = try await api.request(.get, "/interviews/\(id.uuidString)/deliveries", token: a.token)
            #expect(deliveries.array.first?["channel"] as? String == "email")
            #expect(deliveries.array.first?["status"] as? String == "SENT")
            let messages = try await api.request(.get, "/interviews/\(id.uuidString)/messages", token: a.token)
            #expect(messages.array.first?["content"] as? String == "Hello")
        }
    }
}
