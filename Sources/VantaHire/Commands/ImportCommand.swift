import ArgumentParser
import AsyncHTTPClient
import Core
import Foundation
import Import
import Integrations
import Logging

/// `vantahire import …`: bring the old Supabase system's data in, and prove it arrived intact.
///
/// Exit codes: 0 success, 1 failure, 3 rows rejected (import, without `--allow-rejects`) or
/// differences found (verify), 64 bad usage, 78 configuration error.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the old Supabase system's data and verify it.",
        discussion: "Exit codes: 0 success, 1 failure, 3 rejected rows or differences, 64 bad usage, 78 configuration error.",
        subcommands: [Supabase.self, Verify.self]
    )

    /// Where the old system is.
    struct SourceOptions: ParsableArguments {
        @Option(name: .long, help: "The Supabase project's PostgreSQL URL (read only), e.g. postgres://postgres:…@db.<project>.supabase.co:5432/postgres.")
        var source: String?

        @Option(name: .customLong("storage-url"), help: "The Supabase project's URL (https://<project>.supabase.co); needs SUPABASE_SERVICE_ROLE_KEY.")
        var storageURL: String?

        @Option(name: .customLong("storage-dir"), help: "A folder with the buckets exported as <dir>/<bucket>/<object name>.")
        var storageDirectory: String?

        @Option(name: .long, help: "A mapping file overriding the default mapping (see --print-mapping).")
        var mapping: String?

        @Flag(name: .long, help: "Print the report as JSON on standard output.")
        var json = false

        func validate() throws {
            if storageURL != nil, storageDirectory != nil {
                throw ValidationError("give --storage-url or --storage-dir, not both")
            }
        }
    }

    struct Supabase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "supabase",
            abstract: "Copy the old system's tables, files and recordings into DATABASE_URL (resumable, incremental).")

        @OptionGroup var sourceOptions: SourceOptions

        @Flag(name: .customLong("print-mapping"), help: "Print the default mapping as JSON and exit.")
        var printMapping = false

        @Flag(name: .customLong("dry-run"), help: "Write nothing anywhere; report what would change.")
        var dryRun = false

        @Flag(name: .customLong("allow-rejects"), help: "Exit 0 even when rows were rejected (they are still reported).")
        var allowRejects = false

        @Flag(name: .long, help: "Read every source row, not only those changed since the previous pass.")
        var full = false

        @Option(name: .customLong("batch-size"), help: "Rows per batch and transaction (default 1000).")
        var batchSize = 1000

        func run() async throws {
            if printMapping {
                print(try ImportCommand.mapping(sourceOptions.mapping).json())
                return
            }
            let context = try ImportCommand.context(sourceOptions)
            let report: ImportReport
            do {
                report = try await ImportCommand.withObjects(sourceOptions, logger: context.logger) { objects in
                    try await SupabaseImporter(
                        mapping: context.mapping, source: context.source, target: context.target, objects: objects,
                        recordings: context.recordings, options: ImportOptions(dryRun: dryRun, batchSize: batchSize, full: full),
                        progress: ImportProgress(), logger: context.logger
                    ).run()
                }
            } catch {
                throw ImportCommand.failure(error)
            }
            if sourceOptions.json {
                try ImportCommand.printJSON(report)
            } else {
                print(ImportCommand.summary(report, order: context.mapping.tables.map(\.target)))
            }
            if report.rejectCount > 0 && !allowRejects {
                FileHandle.standardError.write(Data("vantahire import: \(report.rejectCount) rows rejected (see the report); pass --allow-rejects to accept\n".utf8))
                throw ExitCode(3)
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Compare the source with DATABASE_URL: counts, row hashes, references, password hashes, file and recording bytes.")

        @OptionGroup var sourceOptions: SourceOptions

        func run() async throws {
            let context = try ImportCommand.context(sourceOptions)
            let report: VerifyReport
            do {
                report = try await ImportCommand.withObjects(sourceOptions, logger: context.logger) { objects in
                    try await ImportVerifier(
                        mapping: context.mapping, source: context.source, target: context.target, objects: objects,
                        recordings: context.recordings, progress: ImportProgress(), logger: context.logger
                    ).run()
                }
            } catch {
                throw ImportCommand.failure(error)
            }
            if sourceOptions.json {
                try ImportCommand.printJSON(report)
            } else {
                print(report.rendered(order: context.mapping.tables.map(\.target) + ["files.bytes", "recordings"]))
            }
            if !report.ok { throw ExitCode(3) }
        }
    }

    // MARK: - Wiring

    struct Context: Sendable {
        var mapping: ImportMapping
        var source: DatabaseURL
        var target: DatabaseURL
        var recordings: (any RecordingTarget)?
        var logger: Logger
    }

    static func url(_ text: String, _ name: String) throws -> URL {
        guard let url = URL(string: text) else { throw ConfigurationError(name, "must be a URL") }
        return url
    }

    static func mapping(_ path: String?) throws -> ImportMapping {
        guard let path else { return .supabaseDefault }
        do {
            return try ImportMapping.load(from: URL(fileURLWithPath: path))
        } catch {
            FileHandle.standardError.write(Data("vantahire import: \(error)\n".utf8))
            throw ExitCode.validationFailure
        }
    }

    static func context(_ options: SourceOptions) throws -> Context {
        let mapping = try mapping(options.mapping)
        guard let sourceText = options.source else {
            FileHandle.standardError.write(Data("vantahire import: --source postgres://… is required\n".utf8))
            throw ExitCode.validationFailure
        }
        let source: DatabaseURL
        do {
            source = try DatabaseURL(sourceText, variable: "--source")
        } catch {
            FileHandle.standardError.write(Data("vantahire import: \(error)\n".utf8))
            throw ExitCode.validationFailure
        }
        let configuration = try Bootstrap.configuration()
        _ = Observability.bootstrap(logLevel: .error)
        var logger = Logger(label: "vantahire.import")
        logger.logLevel = .error
        let recordings: any RecordingTarget
        let providers = configuration.providers
        if let credentials = providers.gcsCredentials, let bucket = providers.gcsBucketName {
            // Recordings go to the platform's bucket; transfers may take long, so only a stalled one fails.
            let account = try GCSServiceAccount(jsonString: credentials)
            let client = GCSStorageClient(
                configuration: GCSStorageConfiguration(
                    account: account, baseURL: try Self.url(providers.gcsBaseURL, "GCS_BASE_URL"),
                    tokenURL: try providers.gcsTokenURL.map { try Self.url($0, "GCS_TOKEN_URL") },
                    timeouts: ProviderTimeouts(connect: .seconds(10), read: .seconds(3600))),
                httpClient: .shared, logger: logger)
            let staging = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("import-staging", isDirectory: true)
            recordings = GCSRecordingTarget(client: client, bucket: bucket, stagingDirectory: staging)
        } else {
            let directory = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("recordings", isDirectory: true)
            recordings = LocalRecordingTarget(store: LocalRecordingStore(
                directory: directory, baseURL: configuration.api.publicURL, secret: configuration.jwtSecret))
        }
        return Context(mapping: mapping, source: source, target: configuration.databaseURL, recordings: recordings, logger: logger)
    }

    /// Runs `body` with the object source the options name (an HTTP client for the Storage API).
    static func withObjects<T: Sendable>(
        _ options: SourceOptions, logger: Logger, _ body: ((any ObjectSource)?) async throws -> T
    ) async throws -> T {
        if let directory = options.storageDirectory {
            return try await body(StorageDirectorySource(root: URL(fileURLWithPath: directory)))
        }
        guard let text = options.storageURL else { return try await body(nil) }
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
            throw ImportError("--storage-url must be an http(s) URL")
        }
        guard let key = try Environment.current()["SUPABASE_SERVICE_ROLE_KEY"], !key.isEmpty else {
            throw ImportError("--storage-url needs SUPABASE_SERVICE_ROLE_KEY")
        }
        let client = SupabaseStorageClient(
            configuration: SupabaseStorageConfiguration(baseURL: url, serviceRoleKey: key), httpClient: .shared, logger: logger)
        return try await body(SupabaseStorageSource(client: client))
    }

    static func failure(_ error: any Error) -> any Error {
        if error is ExitCode { return error }
        FileHandle.standardError.write(Data("vantahire import: \(error)\n".utf8))
        return ExitCode.failure
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func summary(_ report: ImportReport, order: [String]) -> String {
        var lines = [report.dryRun ? "DRY RUN: nothing was written" : "import run \(report.run.map(String.init) ?? "?")"]
        lines.append("table                  source     imported   unchanged  rejected  skipped")
        for name in order {
            guard let table = report.tables[name] else { continue }
            lines.append([name.padding(toLength: 22, withPad: " ", startingAt: 0), String(table.source).padding(toLength: 10, withPad: " ", startingAt: 0),
                          String(table.imported).padding(toLength: 10, withPad: " ", startingAt: 0), String(table.unchanged).padding(toLength: 10, withPad: " ", startingAt: 0),
                          String(table.rejected.count).padding(toLength: 9, withPad: " ", startingAt: 0), String(table.skipped.count)].joined(separator: " "))
        }
        let files = report.files
        lines.append("files: \(files.downloaded) downloaded (\(files.downloadedBytes) bytes); recordings: \(files.recordingsCopied) copied (\(files.recordingBytes) bytes), \(files.recordingsPresent) already present, \(files.recordingsRejected.count) missing")
        for name in order {
            guard let table = report.tables[name] else { continue }
            if !table.unknownColumns.isEmpty { lines.append("\(name): source columns not in the mapping (not copied): \(table.unknownColumns.joined(separator: ", "))") }
            for issue in table.rejected { lines.append("\(name): rejected \(issue.id): \(issue.reason)") }
            for issue in table.skipped { lines.append("\(name): skipped \(issue.id): \(issue.reason)") }
        }
        for issue in files.recordingsRejected { lines.append("recordings: rejected interview \(issue.id): \(issue.reason)") }
        return lines.joined(separator: "\n")
    }
}
