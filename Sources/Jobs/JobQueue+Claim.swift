import Foundation
public import PostgresNIO

extension JobQueue {
    /// Claims up to `limit` runnable jobs of `queue` for `worker`, oldest first within the
    /// highest priority, holding each for `leaseDuration` unless heartbeats extend it.
    ///
    /// One statement: `SELECT … FOR UPDATE SKIP LOCKED` over the runnable partial index (in the
    /// index's own order) feeding an `UPDATE` that starts the attempt and bumps the lease.
    public func claim(queue: String, limit: Int, worker: String, leaseDuration: Duration) async throws -> [ClaimedJob] {
        guard limit > 0 else { return [] }
        return try await client.withConnection { connection in
            try await self.claim(queue: queue, limit: limit, worker: worker, leaseDuration: leaseDuration, on: connection)
        }
    }

    /// ``claim(queue:limit:worker:leaseDuration:)`` on a given connection.
    public func claim(
        queue: String, limit: Int, worker: String, leaseDuration: Duration, on connection: PostgresConnection
    ) async throws -> [ClaimedJob] {
        try await claim(queue: queue, limit: limit, worker: worker, leaseDuration: leaseDuration, completing: [], on: connection)
    }

    /// Completes `completing` (fenced, as ``complete(_:)``) and claims the next batch in one
    /// statement: a worker at full speed pays one round trip per batch for both.
    public func claim(
        queue: String, limit: Int, worker: String, leaseDuration: Duration, completing: [JobFence]
    ) async throws -> [ClaimedJob] {
        try await client.withConnection { connection in
            try await self.claim(
                queue: queue, limit: limit, worker: worker, leaseDuration: leaseDuration, completing: completing, on: connection
            )
        }
    }

    func claim(
        queue: String, limit: Int, worker: String, leaseDuration: Duration, completing: [JobFence], on connection: PostgresConnection
    ) async throws -> [ClaimedJob] {
        let leaseMilliseconds = Int64(leaseDuration.seconds * 1000)
        let query: PostgresQuery = """
            WITH done AS (
                UPDATE background_jobs d SET state = 'completed', finalized_at = now()
                FROM unnest(\(completing.map(\.id))::int8[], \(completing.map(\.lease))::int8[]) AS f(id, lease)
                WHERE d.id = f.id AND d.lease = f.lease AND d.state = 'running'
            ), next AS (
                SELECT id FROM background_jobs
                WHERE state IN ('available', 'scheduled', 'retryable') AND queue = \(queue) AND run_at <= now()
                ORDER BY queue, priority, run_at, id
                LIMIT \(Int64(limit))
                FOR UPDATE SKIP LOCKED
            )
            UPDATE background_jobs j
            SET state = 'running', attempt = j.attempt + 1, lease = j.lease + 1, attempted_at = now(),
                lease_expires_at = now() + \(leaseMilliseconds) * interval '1 millisecond', attempted_by = \(worker)
            FROM next WHERE j.id = next.id
            RETURNING j.id, j.lease, j.kind, j.args::text, j.attempt, j.max_attempts, j.queue, j.priority,
                      j.created_at, j.run_at, j.attempted_at
            """
        var jobs: [ClaimedJob] = []
        let rows = try await connection.query(query, logger: logger)
        for try await (id, lease, kind, args, attempt, maxAttempts, queue, priority, createdAt, runAt, attemptedAt) in rows.decode(
            (Int64, Int64, String, String, Int16, Int16, String, Int16, Date, Date, Date).self
        ) {
            jobs.append(ClaimedJob(
                id: id, lease: lease, kind: kind, args: args, attempt: Int(attempt), maxAttempts: Int(maxAttempts),
                queue: queue, priority: Int(priority), createdAt: createdAt, runAt: runAt, attemptedAt: attemptedAt
            ))
        }
        jobs.sort { ($0.priority, $0.runAt, $0.id) < ($1.priority, $1.runAt, $1.id) }
        return jobs
    }

    /// Extends the leases of `fences` that are still held; returns the fences still held and,
    /// among them, those whose cancellation was requested. A fence missing from the result was
    /// lost (rescued or released) and its attempt must stop.
    public func heartbeat(_ fences: [JobFence], leaseDuration: Duration) async throws -> (held: Set<JobFence>, cancelRequested: Set<JobFence>) {
        guard !fences.isEmpty else { return ([], []) }
        let leaseMilliseconds = Int64(leaseDuration.seconds * 1000)
        let query: PostgresQuery = """
            UPDATE background_jobs j SET lease_expires_at = now() + \(leaseMilliseconds) * interval '1 millisecond'
            FROM unnest(\(fences.map(\.id))::int8[], \(fences.map(\.lease))::int8[]) AS f(id, lease)
            WHERE j.id = f.id AND j.lease = f.lease AND j.state = 'running'
            RETURNING j.id, j.lease, j.cancel_requested_at IS NOT NULL
            """
        var held = Set<JobFence>()
        var cancelled = Set<JobFence>()
        for try await (id, lease, cancel) in try await client.query(query, logger: logger).decode((Int64, Int64, Bool).self) {
            let fence = JobFence(id: id, lease: lease)
            held.insert(fence)
            if cancel { cancelled.insert(fence) }
        }
        return (held, cancelled)
    }
}
