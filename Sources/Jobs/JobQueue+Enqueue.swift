import Foundation
public import PostgresNIO

/// One job to enqueue, already encoded.
public struct NewJob: Sendable {
    /// Kind name.
    public var kind: String
    /// Arguments as JSON text.
    public var args: String
    /// Options.
    public var options: EnqueueOptions

    /// Encodes `arguments` with `options` (or the kind's defaults); the arguments' unique key
    /// applies unless the options name one.
    public init<A: JobArguments>(_ arguments: A, options: EnqueueOptions? = nil) throws {
        try self.init(arguments, options: options, encoder: JSONEncoder.jobs)
    }

    /// Encodes many jobs of one kind with one encoder (the fast path for batches).
    public static func batch<A: JobArguments>(_ arguments: [A], options: EnqueueOptions? = nil) throws -> [NewJob] {
        let encoder = JSONEncoder.jobs
        return try arguments.map { try NewJob($0, options: options, encoder: encoder) }
    }

    init<A: JobArguments>(_ arguments: A, options: EnqueueOptions?, encoder: JSONEncoder) throws {
        var resolved = options ?? A.defaultOptions
        if resolved.uniqueKey == nil { resolved.uniqueKey = arguments.uniqueKey }
        do {
            self.args = String(decoding: try encoder.encode(arguments), as: UTF8.self)
        } catch {
            throw JobQueueError(.invalidArguments, "\(A.kind) arguments cannot be encoded: \(error)")
        }
        self.kind = A.kind
        self.options = resolved
        try resolved.validate()
    }

    /// A job of `kind` with raw JSON arguments (the operator CLI).
    public init(kind: String, jsonArgs: String, options: EnqueueOptions = EnqueueOptions()) throws {
        guard (1...128).contains(kind.count) else { throw JobQueueError(.invalidOptions, "kind must be 1 to 128 characters") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(jsonArgs.utf8)), object is [String: Any] else {
            throw JobQueueError(.invalidArguments, "arguments must be a JSON object")
        }
        try options.validate()
        self.kind = kind
        self.args = jsonArgs
        self.options = options
    }
}

/// The outcome of enqueuing one job.
public struct EnqueueResult: Sendable, Equatable {
    /// The job's id: new, or the existing unfinished job holding the same unique key.
    public let id: Int64
    /// `false` when a unique key matched an existing job and nothing was inserted.
    public let inserted: Bool
}

extension JobQueue {
    /// Enqueues `arguments` in its own transaction.
    @discardableResult
    public func enqueue<A: JobArguments>(_ arguments: A, options: EnqueueOptions? = nil) async throws -> EnqueueResult {
        let job = try NewJob(arguments, options: options)
        return try await client.withConnection { try await self.insert([job], on: $0)[0] }
    }

    /// Enqueues `arguments` inside the caller's transaction on `connection`: the job exists if and
    /// only if the caller commits, and workers are woken at commit.
    @discardableResult
    public func enqueue<A: JobArguments>(_ arguments: A, options: EnqueueOptions? = nil, on connection: PostgresConnection) async throws -> EnqueueResult {
        try await insert([try NewJob(arguments, options: options)], on: connection)[0]
    }

    /// Enqueues many jobs in one statement; results are in input order.
    @discardableResult
    public func enqueue(batch jobs: [NewJob]) async throws -> [EnqueueResult] {
        guard !jobs.isEmpty else { return [] }
        return try await client.withConnection { try await self.insert(jobs, on: $0) }
    }

    /// Enqueues many jobs in one statement on `connection` (inside the caller's transaction, if any).
    @discardableResult
    public func enqueue(batch jobs: [NewJob], on connection: PostgresConnection) async throws -> [EnqueueResult] {
        try await insert(jobs, on: connection)
    }

    /// Inserts `jobs` with one `INSERT … SELECT FROM unnest(…)`.
    ///
    /// Rows with a unique key use `ON CONFLICT … DO UPDATE` on the partial unique index, which
    /// waits for a concurrent inserter of the same key and then returns whichever row holds it,
    /// so concurrent callers all learn the one job's id. Duplicate keys inside one batch are
    /// collapsed before the statement.
    func insert(_ jobs: [NewJob], on connection: PostgresConnection) async throws -> [EnqueueResult] {
        if jobs.isEmpty { return [] }
        // Collapse duplicate unique keys within the batch: later duplicates reuse the first row.
        var firstIndexForKey: [String: Int] = [:]
        var rows: [Int] = []
        var aliasOf: [Int: Int] = [:]
        for (index, job) in jobs.enumerated() {
            if let key = job.options.uniqueKey {
                if let first = firstIndexForKey[key] { aliasOf[index] = first; continue }
                firstIndexForKey[key] = index
            }
            rows.append(index)
        }
        var queues: [String] = [], kinds: [String] = [], args: [String] = [], priorities: [Int16] = []
        var maxAttempts: [Int16] = [], runAts: [Double] = [], tags: [String] = [], keys: [String] = []
        var ordinals: [Int32] = []
        for (ordinal, index) in rows.enumerated() {
            let job = jobs[index]
            queues.append(job.options.queue)
            kinds.append(job.kind)
            args.append(job.args)
            priorities.append(Int16(job.options.priority))
            maxAttempts.append(Int16(job.options.maxAttempts))
            runAts.append(job.options.runAt?.timeIntervalSince1970 ?? -1)
            tags.append(Self.encodeTags(job.options.tags))
            keys.append(job.options.uniqueKey ?? "")
            ordinals.append(Int32(ordinal))
        }
        let query: PostgresQuery = """
            INSERT INTO background_jobs (state, queue, kind, args, priority, max_attempts, run_at, tags, unique_key)
            SELECT CASE WHEN r.run_at >= 0 AND to_timestamp(r.run_at) > now()
                        THEN 'scheduled'::background_job_state ELSE 'available'::background_job_state END,
                   r.queue, r.kind, r.args::jsonb, r.priority, r.max_attempts,
                   CASE WHEN r.run_at < 0 THEN now() ELSE to_timestamp(r.run_at) END,
                   CASE WHEN r.tags = '' THEN '{}'::text[] ELSE string_to_array(r.tags, chr(31)) END,
                   NULLIF(r.unique_key, '')
            FROM unnest(\(queues)::text[], \(kinds)::text[], \(args)::text[], \(priorities)::int2[],
                        \(maxAttempts)::int2[], \(runAts)::float8[], \(tags)::text[], \(keys)::text[], \(ordinals)::int4[])
                 AS r(queue, kind, args, priority, max_attempts, run_at, tags, unique_key, ord)
            ORDER BY r.ord
            ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'scheduled', 'running', 'retryable')
            DO UPDATE SET unique_key = EXCLUDED.unique_key
            RETURNING id, (xmax = 0) AS inserted, COALESCE(unique_key, '')
            """
        var results: [EnqueueResult] = []
        results.reserveCapacity(rows.count)
        var byKey: [String: EnqueueResult] = [:]
        for try await (id, inserted, key) in try await connection.query(query, logger: logger).decode((Int64, Bool, String).self) {
            let result = EnqueueResult(id: id, inserted: inserted)
            if key.isEmpty { results.append(result) } else { byKey[key] = result }
        }
        // Rows without a key come back in insertion order, which follows `ord`; identity ids
        // are assigned in that order too, so sorting restores input order defensively.
        results.sort { $0.id < $1.id }
        var plain = results.makeIterator()
        var output: [EnqueueResult] = []
        output.reserveCapacity(jobs.count)
        for (index, job) in jobs.enumerated() {
            if let key = job.options.uniqueKey {
                guard let result = byKey[key] else {
                    throw JobQueueError(.uniqueConflict, "no row returned for unique key \(key)")
                }
                output.append(aliasOf[index] == nil ? result : EnqueueResult(id: result.id, inserted: false))
            } else {
                guard let next = plain.next() else { throw JobQueueError(.invalidState, "insert returned fewer rows than expected") }
                output.append(next)
            }
        }
        return output
    }

    /// Tags travel as one string per job, separated by the ASCII unit separator.
    static func encodeTags(_ tags: [String]) -> String {
        tags.map { $0.replacingOccurrences(of: "\u{1F}", with: " ") }.joined(separator: "\u{1F}")
    }
}
