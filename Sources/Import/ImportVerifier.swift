public import Core
import Crypto
import Foundation
public import Logging

/// `vantahire import verify`: compares the source (through the mapping) with the target, row by
/// row by canonical hash computed in SQL on both sides, then references, password hashes and
/// stored bytes. Streams both sides in key order, so memory stays constant.
public struct ImportVerifier: Sendable {
    /// The mapping.
    public var mapping: ImportMapping
    /// The Supabase project's PostgreSQL.
    public var source: DatabaseURL
    /// The platform's database.
    public var target: DatabaseURL
    /// Where the source's stored objects are read (nil: bytes are not compared, and that is a difference).
    public var objects: (any ObjectSource)?
    /// The recordings store to read back.
    public var recordings: (any RecordingTarget)?
    /// Rows per page.
    public var batchSize: Int
    /// Progress output.
    public var progress: ImportProgress
    /// Logger.
    public var logger: Logger

    /// Creates a verifier.
    public init(
        mapping: ImportMapping, source: DatabaseURL, target: DatabaseURL, objects: (any ObjectSource)?,
        recordings: (any RecordingTarget)?, batchSize: Int = 5000, progress: ImportProgress, logger: Logger
    ) {
        self.mapping = mapping
        self.source = source
        self.target = target
        self.objects = objects
        self.recordings = recordings
        self.batchSize = max(1, batchSize)
        self.progress = progress
        self.logger = logger
    }

    /// Compares everything and returns the findings.
    public func run() async throws -> VerifyReport {
        try await ImportConnections.with(source: source, target: target, logger: logger) { source, target in
            let plans = try await SupabaseImporter.plans(mapping, source: source, target: target)
            var report = VerifyReport()
            for plan in plans {
                progress.note("verify: \(plan.mapping.target)")
                var table = try await compareRows(plan, source: source, target: target)
                try await checkReferences(plan, target: target, into: &table)
                if plan.mapping.target == "users" { try await checkPasswordHashes(target: target, into: &table) }
                report.tables[plan.mapping.target] = table
                if plan.mapping.bytes != nil {
                    report.tables[plan.mapping.target + ".bytes"] = try await compareBytes(plan, source: source, target: target)
                }
                if let recording = plan.mapping.recording {
                    report.tables["recordings"] = try await compareRecordings(plan, recording: recording, target: target)
                }
            }
            return report
        }
    }

    // MARK: - Rows

    private func compareRows(_ plan: TablePlan, source: SQLSession, target: SQLSession) async throws -> TableVerification {
        var result = TableVerification()
        var sourceDigest = SHA256(), targetDigest = SHA256()
        let layout = plan.layout
        let targetSQL = """
            SELECT (t.\(plan.targetKey))::text, \(plan.targetRowHash) FROM \(plan.target) t
            WHERE ($1::text IS NULL OR t.\(plan.targetKey) > $1::text::\(plan.targetKeyType))
            ORDER BY t.\(plan.targetKey) LIMIT $2::integer
            """
        var sourceRows: [(key: String, hash: String, note: String?)] = [], sourceIndex = 0, sourceDone = false, sourceLast: String?
        var targetRows: [(key: String, hash: String)] = [], targetIndex = 0, targetDone = false, targetLast: String?

        func nextSource() async throws -> (key: String, hash: String, note: String?)? {
            while sourceIndex >= sourceRows.count {
                if sourceDone { return nil }
                let page = try await source.rows(plan.batchSQL, [sourceLast, nil, String(batchSize)])
                sourceDone = page.count < batchSize
                sourceLast = page.last?[0] ?? sourceLast
                sourceRows = page.compactMap { row in
                    if row[layout.skip] != nil { return nil }
                    let enumProblem = plan.enumColumnIndices.enumerated().first { position, index in
                        row[layout.rawStart + position] != nil && row[layout.column(index)] == nil
                    }.map { "invalid value for \(plan.columns[$0.element].name)" }
                    return (row[0] ?? "", row[layout.hash] ?? "", row[layout.reject] ?? enumProblem)
                }
                sourceIndex = 0
                if page.isEmpty { return nil }
            }
            defer { sourceIndex += 1 }
            return sourceRows[sourceIndex]
        }
        func nextTarget() async throws -> (key: String, hash: String)? {
            while targetIndex >= targetRows.count {
                if targetDone { return nil }
                let page = try await target.rows(targetSQL, [targetLast, String(batchSize)])
                targetDone = page.count < batchSize
                targetLast = page.last?[0] ?? targetLast
                targetRows = page.map { ($0[0] ?? "", $0[1] ?? "") }
                targetIndex = 0
                if page.isEmpty { return nil }
            }
            defer { targetIndex += 1 }
            return targetRows[targetIndex]
        }

        var left = try await nextSource()
        var right = try await nextTarget()
        while left != nil || right != nil {
            if let l = left, let r = right, l.key == r.key {
                result.sourceRows += 1
                result.targetRows += 1
                sourceDigest.update(data: Data("\(l.key):\(l.hash)\n".utf8))
                targetDigest.update(data: Data("\(r.key):\(r.hash)\n".utf8))
                if l.hash != r.hash { result.add(l.key, "content differs") }
                left = try await nextSource()
                right = try await nextTarget()
            } else if let l = left, right == nil || Array(l.key.utf8).lexicographicallyPrecedes(Array(right!.key.utf8)) {
                result.sourceRows += 1
                sourceDigest.update(data: Data("\(l.key):\(l.hash)\n".utf8))
                result.add(l.key, "missing in target" + (l.note.map { " (\($0))" } ?? ""))
                left = try await nextSource()
            } else if let r = right {
                result.targetRows += 1
                targetDigest.update(data: Data("\(r.key):\(r.hash)\n".utf8))
                result.add(r.key, "only in target")
                right = try await nextTarget()
            }
        }
        result.sourceDigest = Self.hex(sourceDigest.finalize())
        result.targetDigest = Self.hex(targetDigest.finalize())
        return result
    }

    private func checkReferences(_ plan: TablePlan, target: SQLSession, into result: inout TableVerification) async throws {
        for (column, parent) in (plan.mapping.references ?? [:]).sorted(by: { $0.key < $1.key }) {
            let quoted = SQLText.identifier(column)
            let rows = try await target.rows("""
                SELECT (t.\(plan.targetKey))::text, (t.\(quoted))::text FROM \(plan.target) t
                WHERE t.\(quoted) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \(SQLText.identifier(parent)) p WHERE p.id = t.\(quoted))
                LIMIT 10
                """)
            for row in rows { result.add(row[0] ?? "", "\(column) \(row[1] ?? "") is not in \(parent)") }
        }
    }

    private func checkPasswordHashes(target: SQLSession, into result: inout TableVerification) async throws {
        let rows = try await target.rows("""
            SELECT id::text FROM users
            WHERE password_hash <> '' AND password_hash !~ '^\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$' ORDER BY id LIMIT 10
            """)
        for row in rows { result.add(row[0] ?? "", "password hash is not bcrypt") }
    }

    // MARK: - Bytes

    private func compareBytes(_ plan: TablePlan, source: SQLSession, target: SQLSession) async throws -> TableVerification {
        var result = TableVerification()
        guard let bytes = plan.mapping.bytes else { return result }
        var lastKey: String?
        while true {
            let page = try await source.rows(plan.batchSQL, [lastKey, nil, String(batchSize)])
            guard let last = page.last?[0] else { break }
            lastKey = last
            let rows = page.filter { $0[plan.layout.skip] == nil }
            let keys = rows.map { $0[0] ?? "" }
            let data = SQLText.identifier(bytes.dataColumn), sha = SQLText.identifier(bytes.sha256Column)
            var stored: [String: (computed: String, recorded: String?)] = [:]
            for row in try await target.rows("""
                SELECT (t.\(plan.targetKey))::text, encode(sha256(t.\(data)), 'hex'), t.\(sha)
                FROM \(plan.target) t WHERE t.\(plan.targetKey) IN (SELECT (jsonb_array_elements_text($1::jsonb))::\(plan.targetKeyType))
                """, [try JSONDecoderBox.encode(keys)]) {
                stored[row[0] ?? ""] = (row[1] ?? "", row[2])
            }
            for row in rows {
                let key = row[0] ?? ""
                guard let targetSide = stored[key] else { continue }  // a missing row is reported by the row comparison
                result.sourceRows += 1
                result.targetRows += 1
                if let recorded = targetSide.recorded, recorded != targetSide.computed {
                    result.add(key, "stored sha256 does not match the stored bytes")
                    continue
                }
                guard let objects, let bucket = row[plan.bytesStart], let name = row[plan.bytesStart + 1] else {
                    result.add(key, "source bytes not available (no storage location or no --storage-url/--storage-dir)")
                    continue
                }
                let digest = StreamDigest()
                guard try await objects.read(bucket: bucket, name: name, into: { digest.update($0) }) else {
                    result.add(key, "source object \(bucket)/\(name) not found")
                    continue
                }
                if digest.hex() != targetSide.computed { result.add(key, "bytes differ from \(bucket)/\(name)") }
            }
            if page.count < batchSize { break }
        }
        return result
    }

    private func compareRecordings(_ plan: TablePlan, recording: RecordingMapping, target: SQLSession) async throws -> TableVerification {
        var result = TableVerification()
        let column = SQLText.identifier(recording.column)
        var lastKey: String?
        while true {
            let page = try await target.rows("""
                SELECT (t.\(plan.targetKey))::text, t.\(column) FROM \(plan.target) t
                WHERE t.\(column) IS NOT NULL AND ($1::text IS NULL OR t.\(plan.targetKey) > $1::text::\(plan.targetKeyType))
                ORDER BY t.\(plan.targetKey) LIMIT $2::integer
                """, [lastKey, String(batchSize)])
            guard let last = page.last?[0] else { break }
            lastKey = last
            for row in page {
                let id = row[0] ?? "", key = row[1] ?? ""
                result.targetRows += 1
                guard let objects, let recordings else {
                    result.add(id, "recording \(key) not compared (no source storage or recordings store)")
                    continue
                }
                let digest = StreamDigest()
                let found = try await objects.read(bucket: recording.bucket, name: key, into: { digest.update($0) })
                if found { result.sourceRows += 1 }
                let stored = try await recordings.sha256(key: key)
                switch (found, stored) {
                case (false, _): result.add(id, "recording \(recording.bucket)/\(key) not in the source")
                case (true, nil): result.add(id, "recording \(key) missing from the recordings store")
                case (true, let stored?) where stored != digest.hex(): result.add(id, "recording \(key) differs from the source")
                default: break
                }
            }
            if page.count < batchSize { break }
        }
        return result
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
