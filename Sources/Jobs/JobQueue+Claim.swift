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
        let statement = ClaimStatement(
            completingIDs: completing.map(\.id), completingLeases: completing.map(\.lease), queue: queue, limit: Int64(limit),
            leaseMilliseconds: Int64(leaseDuration.seconds * 1000), worker: worker
        )
        var jobs: [ClaimedJob] = []
        for try await job in try await connection.execute(statement, logger: logger) {
            jobs.append(job)
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
