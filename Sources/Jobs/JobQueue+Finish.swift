import Foundation
public import PostgresNIO

/// What became of a failed attempt.
public enum FailureOutcome: Sendable, Equatable {
    /// Will run again at the given time (database clock).
    case retryScheduled(at: Date)
    /// Attempts exhausted or permanent: discarded.
    case discarded
    /// The lease was no longer held: nothing changed.
    case leaseLost
}

extension JobQueue {
    /// Marks many attempts completed in one statement; returns the fences that were still held
    /// (a stale fence changes nothing).
    @discardableResult
    public func complete(_ fences: [JobFence]) async throws -> Set<JobFence> {
        guard !fences.isEmpty else { return [] }
        return try await client.withConnection { try await self.complete(fences, on: $0) }
    }

    /// ``complete(_:)`` on a given connection.
    @discardableResult
    public func complete(_ fences: [JobFence], on connection: PostgresConnection) async throws -> Set<JobFence> {
        guard !fences.isEmpty else { return [] }
        let query: PostgresQuery = """
            UPDATE background_jobs j SET state = 'completed', finalized_at = now()
            FROM unnest(\(fences.map(\.id))::int8[], \(fences.map(\.lease))::int8[]) AS f(id, lease)
            WHERE j.id = f.id AND j.lease = f.lease AND j.state = 'running'
            RETURNING j.id, j.lease
            """
        var done = Set<JobFence>()
        for try await (id, lease) in try await connection.query(query, logger: logger).decode((Int64, Int64).self) {
            done.insert(JobFence(id: id, lease: lease))
        }
        return done
    }

    /// Records a failed attempt: retry after `retryDelay`, or discard when `permanent` or when the
    /// attempts are used up. The error (message, attempt, time, worker) is appended to the job.
    @discardableResult
    public func fail(_ fence: JobFence, error message: String, retryDelay: Duration, permanent: Bool = false) async throws -> FailureOutcome {
        let delayMilliseconds = Int64(retryDelay.seconds * 1000)
        let query: PostgresQuery = """
            UPDATE background_jobs SET
                state = CASE WHEN \(permanent) OR attempt >= max_attempts THEN 'discarded'::background_job_state
                             ELSE 'retryable'::background_job_state END,
                run_at = CASE WHEN \(permanent) OR attempt >= max_attempts THEN run_at
                              ELSE now() + \(delayMilliseconds) * interval '1 millisecond' END,
                finalized_at = CASE WHEN \(permanent) OR attempt >= max_attempts THEN now() END,
                errors = errors || jsonb_build_array(jsonb_build_object(
                    'attempt', attempt, 'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'error', \(String(message.prefix(4000))), 'worker', attempted_by))
            WHERE id = \(fence.id) AND lease = \(fence.lease) AND state = 'running'
            RETURNING state::text, run_at
            """
        for try await (state, runAt) in try await client.query(query, logger: logger).decode((String, Date).self) {
            return state == "discarded" ? .discarded : .retryScheduled(at: runAt)
        }
        return .leaseLost
    }

    /// Runs the job again after `delay` without using an attempt. Returns `false` if the lease was lost.
    @discardableResult
    public func snooze(_ fence: JobFence, for delay: Duration) async throws -> Bool {
        let delayMilliseconds = Int64(delay.seconds * 1000)
        let query: PostgresQuery = """
            UPDATE background_jobs SET state = 'scheduled', attempt = attempt - 1,
                run_at = now() + \(delayMilliseconds) * interval '1 millisecond'
            WHERE id = \(fence.id) AND lease = \(fence.lease) AND state = 'running'
            RETURNING id
            """
        return try await client.query(query, logger: logger).decode(Int64.self).contains { _ in true }
    }

    /// Hands running attempts back at once (graceful shutdown): they become available again
    /// without using an attempt, and idle workers are woken.
    @discardableResult
    public func release(_ fences: [JobFence]) async throws -> Int {
        guard !fences.isEmpty else { return 0 }
        let query: PostgresQuery = """
            WITH released AS (
                UPDATE background_jobs j SET state = 'available', attempt = j.attempt - 1, run_at = now()
                FROM unnest(\(fences.map(\.id))::int8[], \(fences.map(\.lease))::int8[]) AS f(id, lease)
                WHERE j.id = f.id AND j.lease = f.lease AND j.state = 'running'
                RETURNING j.queue
            )
            SELECT count(*)::int8, (SELECT count(pg_notify(\(Self.wakeChannel), q)) FROM (SELECT DISTINCT queue AS q FROM released) d)
            FROM released
            """
        for try await (count, _) in try await client.query(query, logger: logger).decode((Int64, Int64).self) {
            return Int(count)
        }
        return 0
    }

    /// Records that a running attempt stopped because its cancellation was requested.
    @discardableResult
    public func markCancelled(_ fence: JobFence) async throws -> Bool {
        let query: PostgresQuery = """
            UPDATE background_jobs SET state = 'cancelled', finalized_at = now()
            WHERE id = \(fence.id) AND lease = \(fence.lease) AND state = 'running'
            RETURNING id
            """
        return try await client.query(query, logger: logger).decode(Int64.self).contains { _ in true }
    }
}
