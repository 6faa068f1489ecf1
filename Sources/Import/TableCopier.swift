import Foundation
import NIOCore
import PostgresNIO

/// Copies one table: keyset pages of the source, compared with the target by content hash,
/// the differing rows upserted with the checkpoint in one transaction.
struct TableCopier: Sendable {
    let plan: TablePlan
    let source: SQLSession
    let target: SQLSession
    let objects: (any ObjectSource)?
    let recordings: (any RecordingTarget)?
    let options: ImportOptions
    let run: Int64?
    let progress: ImportProgress
    /// Keys a dry run would have imported into each parent table (parents are not written then).
    let dryRunKeys: DryRunKeys
    /// Whether other tables reference this one (only then does a dry run remember its keys).
    let isReferenced: Bool

    /// What one batch decided.
    private struct Batch {
        var read = 0
        var unchanged = 0
        var rejected: [RowIssue] = []
        var skipped: [RowIssue] = []
        var writes: [(key: String, values: [String?], bytes: ByteBuffer?)] = []
    }

    /// Runs the table's pass from `checkpoint` (nil: from the start); returns the table's report.
    func copy(checkpoint: TableCheckpoint?, since previous: String?, files: inout FilesReport) async throws -> TableReport {
        var report = checkpoint?.report ?? TableReport()
        report.unknownColumns = plan.unknownColumns
        if checkpoint?.completed == true { return report }
        let table = plan.mapping.target
        var since = checkpoint?.since
        var highWater = checkpoint?.highWater
        if checkpoint == nil {
            if !options.full, plan.mapping.updatedAt != nil, let previous {
                // A minute of overlap: a row whose transaction started before the previous pass's
                // high-water mark but committed after it is read again (and found unchanged if so).
                since = try await target.value("SELECT ($1::timestamptz - interval '1 minute')::text", [previous])
            }
            if let sql = plan.highWaterSQL { highWater = try await source.value(sql) }
            if !options.dryRun, let run {
                try await ImportCheckpoints.startTable(run: run, table: table, since: since, highWater: highWater, on: target)
            }
        }
        let total = Int(try await source.value(plan.countSQL, [since]) ?? "0") ?? 0
        progress.start(table: table, total: total)
        progress.advance(report.source)
        var lastKey = checkpoint?.lastKey
        let batchSize = plan.mapping.bytes == nil ? options.batchSize : options.fileBatchSize
        while true {
            let rows = try await source.rows(plan.batchSQL, [lastKey, since, String(batchSize)])
            guard let last = rows.last?[0] else { break }
            var batch = try await decide(rows, files: &files)
            let written = try await write(&batch, lastKey: last)
            report.source += batch.read
            report.imported += written
            report.unchanged += batch.unchanged
            report.rejected += batch.rejected
            report.skipped += batch.skipped
            lastKey = last
            progress.advance(batch.read)
            if rows.count < batchSize { break }
        }
        if !options.dryRun, let run {
            try await ImportCheckpoints.completeTable(run: run, table: table, on: target)
        }
        progress.finish()
        return report
    }

    // MARK: - Deciding

    private func decide(_ rows: [[String?]], files: inout FilesReport) async throws -> Batch {
        let layout = plan.layout
        var batch = Batch()
        var candidates: [[String?]] = []
        for row in rows {
            batch.read += 1
            let key = row[layout.key] ?? ""
            if let reason = row[layout.skip] {
                batch.skipped.append(RowIssue(id: key, reason: reason))
                continue
            }
            if let reason = row[layout.reject] {
                batch.rejected.append(RowIssue(id: key, reason: reason))
                continue
            }
            if let invalid = invalidEnum(row) {
                batch.rejected.append(RowIssue(id: key, reason: invalid))
                continue
            }
            candidates.append(row)
        }
        candidates = try await dropOrphans(candidates, batch: &batch)
        guard !candidates.isEmpty else { return batch }

        let keys = candidates.map { $0[layout.key] ?? "" }
        var existing: [String: String] = [:]
        for row in try await target.rows(plan.targetHashesSQL, [try JSONDecoderBox.encode(keys)]) {
            if let key = row[0] { existing[key] = row[1] ?? "" }
        }
        for row in candidates {
            let key = row[layout.key] ?? ""
            if existing[key] == row[layout.hash] {
                batch.unchanged += 1
                continue
            }
            let values = (0..<plan.columns.count).map { row[layout.column($0)] }
            var bytes: ByteBuffer?
            if plan.mapping.bytes != nil {
                switch try await download(row) {
                case .success(let buffer):
                    bytes = buffer
                    files.downloaded += 1
                    files.downloadedBytes += Int64(buffer.readableBytes)
                case .failure(let issue):
                    batch.rejected.append(RowIssue(id: key, reason: issue.reason))
                    continue
                }
            }
            if let recording = plan.mapping.recording,
               let index = plan.columns.firstIndex(where: { $0.name == recording.column }),
               let recordingKey = values[index] {
                try await copyRecording(id: key, key: recordingKey, bucket: recording.bucket, files: &files)
            }
            batch.writes.append((key, values, bytes))
        }
        return batch
    }

    private func invalidEnum(_ row: [String?]) -> String? {
        let layout = plan.layout
        for (position, index) in plan.enumColumnIndices.enumerated() {
            if let raw = row[layout.rawStart + position], row[layout.column(index)] == nil {
                return "invalid value '\(raw)' for \(plan.columns[index].name)"
            }
        }
        return nil
    }

    private func dropOrphans(_ rows: [[String?]], batch: inout Batch) async throws -> [[String?]] {
        guard let references = plan.mapping.references, !references.isEmpty, !rows.isEmpty else { return rows }
        let layout = plan.layout
        var missing: [Int: Set<String>] = [:]
        for (column, parent) in references.sorted(by: { $0.key < $1.key }) {
            guard let index = plan.columns.firstIndex(where: { $0.name == column }) else { continue }
            let values = Set(rows.compactMap { $0[layout.column(index)] })
            guard !values.isEmpty else { continue }
            var found = Set<String>()
            let sql = """
                SELECT (p.id)::text FROM \(SQLText.identifier(parent)) p
                WHERE p.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::\(plan.columns[index].type))
                """
            for row in try await target.rows(sql, [try JSONDecoderBox.encode(Array(values))]) {
                if let id = row[0] { found.insert(id) }
            }
            if options.dryRun { found.formUnion(dryRunKeys.keys(parent).intersection(values)) }
            missing[index] = values.subtracting(found)
        }
        var kept: [[String?]] = []
        for row in rows {
            let orphan = missing.sorted(by: { $0.key < $1.key }).first { index, absent in
                row[layout.column(index)].map { absent.contains($0) } ?? false
            }
            if let (index, _) = orphan {
                let column = plan.columns[index].name
                batch.rejected.append(RowIssue(
                    id: row[layout.key] ?? "",
                    reason: "orphan: \(column) \(row[layout.column(index)] ?? "") is not in \(references[column] ?? "?")"))
            } else {
                kept.append(row)
            }
        }
        return kept
    }

    private func download(_ row: [String?]) async throws -> Result<ByteBuffer, RowFailure> {
        let start = plan.bytesStart
        guard let bucket = row[start], let name = row[start + 1] else {
            return .failure(RowFailure(reason: "no storage object for this file (bucket or object name missing)"))
        }
        if options.dryRun { return .success(ByteBuffer()) }
        guard let objects else { throw ImportError("files need --storage-url or --storage-dir") }
        let collected = ByteCollector()
        let found = try await objects.read(bucket: bucket, name: name) { collected.append($0) }
        guard found else { return .failure(RowFailure(reason: "bytes missing: object \(bucket)/\(name) not found")) }
        return .success(collected.buffer)
    }

    private func copyRecording(id: String, key: String, bucket: String, files: inout FilesReport) async throws {
        if options.dryRun { return }
        guard let objects else { throw ImportError("recordings need --storage-url or --storage-dir") }
        guard let recordings else { throw ImportError("no recordings store to copy recordings into") }
        if try await recordings.size(key: key) != nil {
            files.recordingsPresent += 1
            return
        }
        let digest = StreamDigest()
        let found = try await recordings.write(key: key) { sink in
            try await objects.read(bucket: bucket, name: key) { buffer in
                digest.update(buffer)
                try await sink(buffer)
            }
        }
        if found {
            files.recordingsCopied += 1
            files.recordingBytes += digest.count
        } else {
            files.recordingsRejected.append(RowIssue(id: id, reason: "recording missing: object \(bucket)/\(key) not found"))
        }
    }

    // MARK: - Writing

    /// Writes the batch's rows and advances the checkpoint in one transaction; returns the rows written.
    private func write(_ batch: inout Batch, lastKey: String) async throws -> Int {
        if options.dryRun {
            if isReferenced { dryRunKeys.add(batch.writes.map { $0.key }, to: plan.mapping.target) }
            return batch.writes.count
        }
        try await target.execute("BEGIN")
        do {
            try await target.execute("SET LOCAL vantahire.importing = 'on'")
            var written = 0
            if plan.mapping.bytes == nil, !batch.writes.isEmpty {
                try await target.execute("SAVEPOINT batch")
                do {
                    try await upsert(batch.writes.map { $0.values })
                    try await target.execute("RELEASE SAVEPOINT batch")
                    written = batch.writes.count
                } catch {
                    try await target.execute("ROLLBACK TO SAVEPOINT batch")
                    written = try await writeOneByOne(&batch)
                }
            } else {
                written = try await writeOneByOne(&batch)
            }
            if let run {
                try await ImportCheckpoints.saveBatch(
                    run: run, table: plan.mapping.target, lastKey: lastKey, read: batch.read, imported: written,
                    unchanged: batch.unchanged, rejected: batch.rejected, skipped: batch.skipped, on: target)
            }
            try await target.execute("COMMIT")
            return written
        } catch {
            try? await target.execute("ROLLBACK")
            throw error
        }
    }

    private func writeOneByOne(_ batch: inout Batch) async throws -> Int {
        var written = 0
        for row in batch.writes {
            try await target.execute("SAVEPOINT one")
            do {
                if let bytes = row.bytes {
                    var bindings = PostgresBindings(capacity: 2)
                    bindings.append(try JSONDecoderBox.encode(row.values))
                    bindings.append(bytes)
                    try await target.execute(plan.upsertWithBytesSQL, bindings)
                } else {
                    try await upsert([row.values])
                }
                try await target.execute("RELEASE SAVEPOINT one")
                written += 1
            } catch {
                try await target.execute("ROLLBACK TO SAVEPOINT one")
                batch.rejected.append(RowIssue(id: row.key, reason: "rejected by the target: \(PostgresErrorText.message(error))"))
            }
        }
        return written
    }

    private func upsert(_ rows: [[String?]]) async throws {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(try JSONDecoderBox.encode(rows))
        try await target.execute(plan.upsertSQL, bindings)
    }
}
