import Foundation
import PostgresNIO

/// Count of jobs per queue and state.
public struct JobCount: Sendable, Codable, Equatable {
    /// Queue.
    public var queue: String
    /// State.
    public var state: JobState
    /// Number of jobs.
    public var count: Int
}

extension JobQueue {
    /// Jobs per queue and state.
    public func stats() async throws -> [JobCount] {
        let query: PostgresQuery = "SELECT queue, state::text, count(*)::int8 FROM background_jobs GROUP BY 1, 2 ORDER BY 1, 2"
        var counts: [JobCount] = []
        for try await (queue, state, count) in try await client.query(query, logger: logger).decode((String, String, Int64).self) {
            counts.append(JobCount(queue: queue, state: JobState(rawValue: state) ?? .available, count: Int(count)))
        }
        return counts
    }

    /// One job, or `nil`.
    public func job(id: Int64) async throws -> JobRecord? {
        try await records(id: id, state: nil, kind: nil, limit: 1).first
    }

    /// Jobs in `state` (optionally of `kind`), newest first.
    public func list(state: JobState, kind: String? = nil, limit: Int = 50) async throws -> [JobRecord] {
        try await records(id: nil, state: state, kind: kind, limit: limit)
    }

    private func records(id: Int64?, state: JobState?, kind: String?, limit: Int) async throws -> [JobRecord] {
        let query: PostgresQuery = """
            SELECT id, state::text, queue, kind, args::text, priority, attempt, max_attempts, lease, run_at, created_at,
                   attempted_at, finalized_at, attempted_by, tags, unique_key, errors::text
            FROM background_jobs
            WHERE (\(id)::int8 IS NULL OR id = \(id))
              AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue)::background_job_state)
              AND (\(kind)::text IS NULL OR kind = \(kind))
            ORDER BY id DESC
            LIMIT \(Int64(limit))
            """
        var records: [JobRecord] = []
        let rows = try await client.query(query, logger: logger).decode(
            (Int64, String, String, String, String, Int16, Int16, Int16, Int64, Date, Date, Date?, Date?, String?, [String], String?, String).self
        )
        for try await r in rows {
            let errors = (try? JSONDecoder().decode([AttemptError].self, from: Data(r.16.utf8))) ?? []
            records.append(JobRecord(
                id: r.0, state: JobState(rawValue: r.1) ?? .available, queue: r.2, kind: r.3, args: r.4,
                priority: Int(r.5), attempt: Int(r.6), maxAttempts: Int(r.7), lease: r.8, runAt: r.9,
                createdAt: r.10, attemptedAt: r.11, finalizedAt: r.12, attemptedBy: r.13, tags: r.14,
                uniqueKey: r.15, errors: errors
            ))
        }
        return records
    }
}
