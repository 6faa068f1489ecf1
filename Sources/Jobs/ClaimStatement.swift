import Foundation
import PostgresNIO

/// The worker's hot path as a named prepared statement: complete the previous batch (fenced by
/// lease) and claim the next, planned once per connection instead of once per call.
struct ClaimStatement: PostgresPreparedStatement {
    typealias Row = ClaimedJob

    static let name = "vantahire_claim_v1"

    static let sql = """
        WITH done AS (
            UPDATE background_jobs d SET state = 'completed', finalized_at = now()
            FROM unnest($1::int8[], $2::int8[]) AS f(id, lease)
            WHERE d.id = f.id AND d.lease = f.lease AND d.state = 'running'
        ), next AS (
            SELECT id FROM background_jobs
            WHERE state IN ('available', 'scheduled', 'retryable') AND queue = $3 AND run_at <= now()
            ORDER BY queue, priority, run_at, id
            LIMIT $4
            FOR UPDATE SKIP LOCKED
        )
        UPDATE background_jobs j
        SET state = 'running', attempt = j.attempt + 1, lease = j.lease + 1, attempted_at = now(),
            lease_expires_at = now() + $5 * interval '1 millisecond', attempted_by = $6
        FROM next WHERE j.id = next.id
        RETURNING j.id, j.lease, j.kind, j.args::text, j.attempt, j.max_attempts, j.queue, j.priority,
                  j.created_at, j.run_at, j.attempted_at
        """

    var completingIDs: [Int64]
    var completingLeases: [Int64]
    var queue: String
    var limit: Int64
    var leaseMilliseconds: Int64
    var worker: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 6)
        bindings.append(completingIDs)
        bindings.append(completingLeases)
        bindings.append(queue)
        bindings.append(limit)
        bindings.append(leaseMilliseconds)
        bindings.append(worker)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> ClaimedJob {
        let (id, lease, kind, args, attempt, maxAttempts, queue, priority, createdAt, runAt, attemptedAt) = try row.decode(
            (Int64, Int64, String, String, Int16, Int16, String, Int16, Date, Date, Date).self
        )
        return ClaimedJob(
            id: id, lease: lease, kind: kind, args: args, attempt: Int(attempt), maxAttempts: Int(maxAttempts),
            queue: queue, priority: Int(priority), createdAt: createdAt, runAt: runAt, attemptedAt: attemptedAt
        )
    }
}
