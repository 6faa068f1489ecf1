import Foundation
import PostgresNIO

/// The result of a cancellation request.
public enum CancelOutcome: String, Sendable, Equatable, Codable {
    /// The job was waiting; it will never run.
    case cancelled
    /// The job is running; its worker was asked to stop it.
    case cancelRequested = "cancel_requested"
    /// The job had already finished; nothing changed.
    case alreadyFinal = "already_final"
}

extension JobQueue {
    /// Returns running jobs whose lease expired (their worker died or hung) to `retryable`, or
    /// to `discarded` when no attempts remain, or to `cancelled` when cancellation was requested.
    /// Runs in bounded batches; returns how many it rescued.
    @discardableResult
    public func rescueExpired(batchSize: Int = 1000) async throws -> Int {
        let query: PostgresQuery = """
            WITH expired AS (
                SELECT id FROM background_jobs
                WHERE state = 'running' AND lease_expires_at < now()
                ORDER BY lease_expires_at
                LIMIT \(Int64(batchSize))
                FOR UPDATE SKIP LOCKED
            )
            UPDATE background_jobs j SET
                state = CASE WHEN j.cancel_requested_at IS NOT NULL THEN 'cancelled'::background_job_state
                             WHEN j.attempt >= j.max_attempts THEN 'discarded'::background_job_state
                             ELSE 'retryable'::background_job_state END,
                finalized_at = CASE WHEN j.cancel_requested_at IS NOT NULL OR j.attempt >= j.max_attempts THEN now() END,
                run_at = now(),
                errors = j.errors || jsonb_build_array(jsonb_build_object(
                    'attempt', j.attempt, 'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'error', 'lease expired: the worker stopped heartbeating (crashed or hung)', 'worker', j.attempted_by))
            FROM expired WHERE j.id = expired.id
            RETURNING j.id
            """
        var count = 0
        for try await _ in try await client.query(query, logger: logger).decode(Int64.self) { count += 1 }
        return count
    }

    /// Cancels job `id`: a waiting job becomes `cancelled` at once; for a running job the
    /// cancellation is recorded and its worker is notified to stop it cooperatively.
    public func cancel(id: Int64) async throws -> CancelOutcome {
        let query: PostgresQuery = """
            WITH target AS (
                SELECT id, state FROM background_jobs WHERE id = \(id) FOR UPDATE
            ), changed AS (
                UPDATE background_jobs j SET
                    state = CASE WHEN target.state = 'running' THEN j.state ELSE 'cancelled'::background_job_state END,
                    finalized_at = CASE WHEN target.state = 'running' THEN j.finalized_at ELSE now() END,
                    cancel_requested_at = now()
                FROM target
                WHERE j.id = target.id AND target.state NOT IN ('completed', 'discarded', 'cancelled')
                RETURNING target.state::text AS previous
            )
            SELECT target.state::text, (SELECT previous FROM changed),
                   (SELECT count(pg_notify(\(Self.cancelChannel), \(String(id)))) FROM changed WHERE previous = 'running')
            FROM target
            """
        for try await (_, previous, _) in try await client.query(query, logger: logger).decode((String, String?, Int64).self) {
            guard let previous else { return .alreadyFinal }
            return previous == "running" ? .cancelRequested : .cancelled
        }
        throw JobQueueError(.notFound, "no job with id \(id)")
    }

    /// Makes a job that is not running available again now, with at least one attempt left.
    public func retry(id: Int64) async throws {
        let query: PostgresQuery = """
            WITH target AS (SELECT id, state, queue FROM background_jobs WHERE id = \(id) FOR UPDATE),
            changed AS (
                UPDATE background_jobs j SET state = 'available', run_at = now(), finalized_at = NULL,
                    cancel_requested_at = NULL, max_attempts = GREATEST(j.max_attempts, j.attempt + 1)
                FROM target WHERE j.id = target.id AND target.state <> 'running'
                RETURNING j.queue
            )
            SELECT target.state::text, (SELECT count(pg_notify(\(Self.wakeChannel), queue)) FROM changed) FROM target
            """
        do {
            for try await (state, notified) in try await client.query(query, logger: logger).decode((String, Int64).self) {
                if notified == 0 { throw JobQueueError(.invalidState, "job \(id) is \(state); only a job that is not running can be retried") }
                return
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw JobQueueError(.uniqueConflict, "job \(id) cannot be retried: another unfinished job holds its unique key")
        }
        throw JobQueueError(.notFound, "no job with id \(id)")
    }

    /// Deletes finalized jobs older than their retention, `batchSize` rows per statement so no
    /// statement holds locks for long. Also trims the scheduler's ledger. Returns rows deleted.
    ///
    /// Old jobs have low ids, so each batch walks the primary key from the oldest row; there is
    /// deliberately no index on `finalized_at` (it would cost every completion an index insert).
    @discardableResult
    public func prune(completedOlderThan completed: Duration, discardedOlderThan discarded: Duration, batchSize: Int = 1000) async throws -> Int {
        var total = 0
        let rules: [(String, Duration)] = [("completed", completed), ("discarded", discarded), ("cancelled", discarded)]
        for (state, age) in rules {
            let ageMilliseconds = Int64(age.seconds * 1000)
            while true {
                let query: PostgresQuery = """
                    DELETE FROM background_jobs WHERE id IN (
                        SELECT id FROM background_jobs
                        WHERE state = \(state)::background_job_state AND finalized_at < now() - \(ageMilliseconds) * interval '1 millisecond'
                        ORDER BY id
                        LIMIT \(Int64(batchSize))
                        FOR UPDATE SKIP LOCKED
                    )
                    """
                let result = try await client.withConnection { connection in
                    try await connection.query(query, logger: logger).get()
                }
                let deleted = result.metadata.rows ?? 0
                total += deleted
                if deleted < batchSize { break }
                try Task.checkCancellation()
            }
        }
        let ledger: PostgresQuery = """
            DELETE FROM scheduled_ticks WHERE (schedule, tick) IN (
                SELECT schedule, tick FROM scheduled_ticks WHERE tick < now() - interval '30 days' LIMIT 10000)
            """
        try await client.query(ledger, logger: logger)
        return total
    }
}
