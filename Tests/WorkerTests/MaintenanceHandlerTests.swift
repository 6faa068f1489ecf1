import Core
import Domain
import Foundation
import Jobs
import Logging
import PostgresNIO
import Synchronization
import TestSupport
import Testing
import Worker

@Suite struct MaintenanceHandlerTests {
    func context(_ kind: String) -> JobContext {
        JobContext(id: 1, kind: kind, attempt: 1, maxAttempts: 1, queue: "default", enqueuedAt: Date(), logger: Logger(label: "t"))
    }

    @Test func expireInterviewsExpiresPendingAndEnqueuesEvaluationOfAbandoned() async throws {
        try await TestDatabase.with { db in
            let redis = InMemoryRedisStore()
            let platform = try TestPlatform.make(database: db, redis: redis)
            let recruiter = UUID()
            let overdue = UUID(), fresh = UUID(), abandoned = UUID(), live = UUID()
            try await db.client.query("INSERT INTO users (id, email, password_hash) VALUES (\(recruiter), 'r@example.com', 'x')", logger: db.logger)
            try await db.client.query("""
                INSERT INTO interviews (id, recruiter_id, candidate_email, expires_at, status, started_at, time_limit) VALUES
                  (\(overdue), \(recruiter), 'a@example.com', now() - interval '1 hour', 'PENDING', NULL, 30),
                  (\(fresh), \(recruiter), 'b@example.com', now() + interval '1 day', 'PENDING', NULL, 30),
                  (\(abandoned), \(recruiter), 'c@example.com', now() + interval '1 day', 'IN_PROGRESS', now() - interval '3 hours', 30),
                  (\(live), \(recruiter), 'd@example.com', now() + interval '1 day', 'IN_PROGRESS', now() - interval '5 minutes', 30)
                """, logger: db.logger)
            let events = try await platform.events.events()
            let collected = Task {
                var names: [RealtimeEvent] = []
                for await event in events {
                    names.append(event)
                    if names.count == 4 { break }
                }
                return names
            }
            let handler = ExpireInterviewsHandler(platform: platform, queue: db.queue)
            try await handler.handle(ExpireInterviews(), context: context(ExpireInterviews.kind))

            var statuses: [UUID: String] = [:]
            for try await (id, status) in try await db.client.query("SELECT id, status::text FROM interviews", logger: db.logger).decode((UUID, String).self) {
                statuses[id] = status
            }
            // The abandoned conversation is over: COMPLETED at once, its evaluation to follow.
            #expect(statuses == [overdue: "EXPIRED", fresh: "PENDING", abandoned: "COMPLETED", live: "IN_PROGRESS"])
            #expect(try await db.int("SELECT count(*)::int8 FROM interviews WHERE id = \(abandoned) AND completed_at IS NOT NULL") == 1)
            let evaluations = try await db.queue.list(state: .available, kind: EvaluateInterview.kind)
            #expect(evaluations.count == 1)
            #expect(evaluations.first?.uniqueKey == EvaluateInterview(interviewId: abandoned).uniqueKey)

            let received = await collected.value
            #expect(received.allSatisfy { $0.name == "interview:update" })
            #expect(Set(received.flatMap(\.rooms)).contains(RealtimeEvent.userRoom(recruiter)))
            // Each change reaches the recruiter's room and the interview's room, as one payload type.
            let updates = try received.map { ($0.rooms, try JSONDecoder().decode(InterviewUpdate.self, from: Data($0.data.utf8))) }
            for (id, status, change) in [(overdue, "EXPIRED", InterviewUpdate.Change.expired), (abandoned, "COMPLETED", .completed)] {
                let rooms = updates.filter { $0.1.interviewId == id && $0.1.status == status && $0.1.change == change }.flatMap(\.0)
                #expect(Set(rooms) == [RealtimeEvent.userRoom(recruiter), RealtimeEvent.interviewRoom(id)])
            }

            // A second run changes nothing and enqueues no second evaluation.
            try await handler.handle(ExpireInterviews(), context: context(ExpireInterviews.kind))
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs WHERE kind = 'evaluate_interview'") == 1)
        }
    }

    @Test func resetAPIQuotasZeroesPostgresAndRedisCounters() async throws {
        try await TestDatabase.with { db in
            let redis = InMemoryRedisStore()
            let platform = try TestPlatform.make(database: db, redis: redis)
            let user = UUID(), key = UUID()
            try await db.client.query("INSERT INTO users (id, email, password_hash) VALUES (\(user), 'k@example.com', 'x')", logger: db.logger)
            try await db.client.query("""
                INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, requests_today) VALUES (\(key), \(user), 'ci', 'h', 'vh_live_ab', 42)
                """, logger: db.logger)
            _ = try await redis.increment(APIKeyQuota.redisKey(for: key), expiresIn: .seconds(3600))
            try await ResetAPIQuotasHandler(platform: platform).handle(ResetAPIQuotas(), context: context(ResetAPIQuotas.kind))
            #expect(try await db.int("SELECT requests_today::int8 FROM api_keys") == 0)
            #expect(try await redis.get(APIKeyQuota.redisKey(for: key)) == nil)
        }
    }

    @Test func pruneJobsHandlerAppliesConfiguredRetention() async throws {
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db, extra: ["JOB_RETENTION_COMPLETED": "1h"])
            try await db.queue.enqueue(batch: try (0..<5).map { try NewJob(Probe(n: $0)) })
            let jobs = try await db.queue.claim(queue: "default", limit: 5, worker: "w", leaseDuration: .seconds(30))
            try await db.queue.complete(jobs.map(\.fence))
            try await db.client.query("UPDATE background_jobs SET finalized_at = now() - interval '2 hours' WHERE id = \(jobs[0].id)", logger: db.logger)
            try await PruneJobsHandler(platform: platform, queue: db.queue).handle(PruneJobs(), context: context(PruneJobs.kind))
            #expect(try await db.int("SELECT count(*)::int8 FROM background_jobs") == 4)
        }
    }
}
