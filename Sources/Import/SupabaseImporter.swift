public import Core
import Foundation
public import Logging

/// `vantahire import supabase`: copies the old system's data into the platform's database, table
/// by table in foreign-key order, resumable and incremental (see ``TableCopier``).
public struct SupabaseImporter: Sendable {
    /// The mapping.
    public var mapping: ImportMapping
    /// The Supabase project's PostgreSQL (read only).
    public var source: DatabaseURL
    /// The platform's database.
    public var target: DatabaseURL
    /// Where stored objects are read (nil: no files or recordings can be copied).
    public var objects: (any ObjectSource)?
    /// Where recordings go.
    public var recordings: (any RecordingTarget)?
    /// How the pass runs.
    public var options: ImportOptions
    /// Progress output.
    public var progress: ImportProgress
    /// Logger.
    public var logger: Logger

    /// Creates an importer.
    public init(
        mapping: ImportMapping, source: DatabaseURL, target: DatabaseURL, objects: (any ObjectSource)?,
        recordings: (any RecordingTarget)?, options: ImportOptions, progress: ImportProgress, logger: Logger
    ) {
        self.mapping = mapping
        self.source = source
        self.target = target
        self.objects = objects
        self.recordings = recordings
        self.options = options
        self.progress = progress
        self.logger = logger
    }

    /// Runs one pass (resuming an interrupted one) and returns its report.
    public func run() async throws -> ImportReport {
        let fingerprint = ImportConnections.fingerprint(source)
        return try await ImportConnections.with(source: source, target: target, logger: logger) { source, target in
            if !options.dryRun {
                guard try await ImportCheckpoints.lock(on: target) else {
                    throw ImportError("another import into this database is running")
                }
            }
            let plans = try await Self.plans(mapping, source: source, target: target)
            if !options.dryRun, objects == nil, plans.contains(where: { $0.mapping.bytes != nil || $0.mapping.recording != nil }) {
                throw ImportError("files and recordings need --storage-url (with SUPABASE_SERVICE_ROLE_KEY) or --storage-dir")
            }
            if !options.dryRun, recordings == nil, plans.contains(where: { $0.mapping.recording != nil }) {
                throw ImportError("recordings need a recordings store to copy into")
            }
            var run = try await ImportCheckpoints.unfinishedRun(source: fingerprint, on: target)
            if let run, !options.dryRun { progress.note("resuming import run \(run)") }
            if run == nil, !options.dryRun { run = try await ImportCheckpoints.startRun(source: fingerprint, on: target) }
            var report = ImportReport(run: options.dryRun ? nil : run, dryRun: options.dryRun)
            let dryRunKeys = DryRunKeys()
            let referenced = Set(plans.flatMap { $0.mapping.references.map { Array($0.values) } ?? [] })
            var files = FilesReport()
            for plan in plans {
                let table = plan.mapping.target
                let checkpoint = try await run.asyncFlatMap { try await ImportCheckpoints.state(run: $0, table: table, on: target) }
                let previous = try await ImportCheckpoints.previousHighWater(source: fingerprint, table: table, on: target)
                let copier = TableCopier(
                    plan: plan, source: source, target: target, objects: objects, recordings: recordings, options: options,
                    run: options.dryRun ? nil : run, progress: progress, dryRunKeys: dryRunKeys,
                    isReferenced: referenced.contains(table))
                report.tables[table] = try await copier.copy(checkpoint: options.dryRun ? nil : checkpoint, since: previous, files: &files)
            }
            report.files = files
            if let run, !options.dryRun { try await ImportCheckpoints.completeRun(run, on: target) }
            return report
        }
    }

    /// The mapping compiled against both databases, in copy order.
    static func plans(_ mapping: ImportMapping, source: SQLSession, target: SQLSession) async throws -> [TablePlan] {
        var plans: [TablePlan] = []
        for table in mapping.tables {
            let sourceColumns = try await ColumnInfo.load(table: table.source, on: source)
            let targetColumns = try await ColumnInfo.load(table: table.target, on: target)
            plans.append(try TablePlan(mapping: table, source: sourceColumns, target: targetColumns))
        }
        return plans
    }
}
