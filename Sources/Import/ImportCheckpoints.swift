import Foundation

/// The `import_runs` / `import_run_tables` bookkeeping in the target database.
enum ImportCheckpoints {
    /// Takes the importer's advisory lock for the session; false when another import holds it.
    static func lock(on session: SQLSession) async throws -> Bool {
        try await session.value("SELECT pg_try_advisory_lock(hashtext('vantahire-import'))::text") == "true"
    }

    /// The unfinished pass of `source` to resume, if any.
    static func unfinishedRun(source: String, on session: SQLSession) async throws -> Int64? {
        guard let row = try await session.rows(
            "SELECT id::text, status FROM import_runs WHERE source = $1 ORDER BY id DESC LIMIT 1", [source]).first,
              row[1] == "running", let id = row[0] else { return nil }
        return Int64(id)
    }

    /// Starts a new pass of `source`.
    static func startRun(source: String, on session: SQLSession) async throws -> Int64 {
        guard let id = try await session.value("INSERT INTO import_runs (source) VALUES ($1) RETURNING id::text", [source]).flatMap({ Int64($0) }) else {
            throw ImportError("could not record the import run")
        }
        return id
    }

    /// Marks pass `run` completed.
    static func completeRun(_ run: Int64, on session: SQLSession) async throws {
        _ = try await session.rows("UPDATE import_runs SET status = 'completed', finished_at = now() WHERE id = $1::bigint", [String(run)])
    }

    /// The high-water mark of `table` in the newest completed pass of `source`.
    static func previousHighWater(source: String, table: String, on session: SQLSession) async throws -> String? {
        try await session.value("""
            SELECT t.high_water::text FROM import_run_tables t JOIN import_runs r ON r.id = t.run_id
            WHERE r.source = $1 AND r.status = 'completed' AND t.table_name = $2 AND t.completed_at IS NOT NULL
            ORDER BY r.id DESC LIMIT 1
            """, [source, table])
    }

    /// The saved state of `table` in pass `run`, if it was started.
    static func state(run: Int64, table: String, on session: SQLSession) async throws -> TableCheckpoint? {
        guard let row = try await session.rows("""
            SELECT last_key, since::text, high_water::text, (completed_at IS NOT NULL)::text, source_rows::text, imported::text,
                   unchanged::text, rejected::text, skipped::text
            FROM import_run_tables WHERE run_id = $1::bigint AND table_name = $2
            """, [String(run), table]).first else { return nil }
        var report = TableReport()
        report.source = Int(row[4] ?? "0") ?? 0
        report.imported = Int(row[5] ?? "0") ?? 0
        report.unchanged = Int(row[6] ?? "0") ?? 0
        report.rejected = (try? JSONDecoderBox.decode([RowIssue].self, from: row[7] ?? "[]")) ?? []
        report.skipped = (try? JSONDecoderBox.decode([RowIssue].self, from: row[8] ?? "[]")) ?? []
        return TableCheckpoint(lastKey: row[0], since: row[1], highWater: row[2], completed: row[3] == "true", report: report)
    }

    /// Records that pass `run` started on `table`.
    static func startTable(run: Int64, table: String, since: String?, highWater: String?, on session: SQLSession) async throws {
        _ = try await session.rows("""
            INSERT INTO import_run_tables (run_id, table_name, since, high_water) VALUES ($1::bigint, $2, $3::timestamptz, $4::timestamptz)
            ON CONFLICT (run_id, table_name) DO NOTHING
            """, [String(run), table, since, highWater])
    }

    /// Advances the checkpoint by one batch (call in the transaction that wrote the batch).
    static func saveBatch(
        run: Int64, table: String, lastKey: String, read: Int, imported: Int, unchanged: Int,
        rejected: [RowIssue], skipped: [RowIssue], on session: SQLSession
    ) async throws {
        _ = try await session.rows("""
            UPDATE import_run_tables SET last_key = $3, source_rows = source_rows + $4::bigint, imported = imported + $5::bigint,
                   unchanged = unchanged + $6::bigint, rejected = rejected || $7::jsonb, skipped = skipped || $8::jsonb
            WHERE run_id = $1::bigint AND table_name = $2
            """, [String(run), table, lastKey, String(read), String(imported), String(unchanged),
                  try JSONDecoderBox.encode(rejected), try JSONDecoderBox.encode(skipped)])
    }

    /// Marks `table` done in pass `run`.
    static func completeTable(run: Int64, table: String, on session: SQLSession) async throws {
        _ = try await session.rows(
            "UPDATE import_run_tables SET completed_at = now() WHERE run_id = $1::bigint AND table_name = $2", [String(run), table])
    }
}
