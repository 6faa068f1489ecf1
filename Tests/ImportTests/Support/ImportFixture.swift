import Core
import Foundation
import Import
import Integrations
import Logging
import PostgresNIO
import TestSupport

/// A target database, a Supabase-shaped source and its exported objects, for one test.
struct ImportFixture: Sendable {
    let target: TestDatabase
    let source: SupabaseSource
    /// `--storage-dir` folder.
    let storageDirectory: URL
    /// `DATA_DIR` of the target (recordings under `recordings/`).
    let dataDirectory: URL

    /// Runs `body` with a fresh fixture.
    static func with(_ sizes: SupabaseSource.Sizes = .init(), _ body: @escaping @Sendable (ImportFixture) async throws -> Void) async throws {
        try await TestDatabase.with { target in
            let source = try await SupabaseSource.make(sizes)
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
            let storage = root.appendingPathComponent("storage"), data = root.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try await source.exportObjects(to: storage)
            defer { try? FileManager.default.removeItem(at: root) }
            try await body(ImportFixture(target: target, source: source, storageDirectory: storage, dataDirectory: data))
        }
    }

    var logger: Logger {
        var logger = Logger(label: "test.import")
        logger.logLevel = .critical
        return logger
    }

    var recordings: LocalRecordingTarget {
        LocalRecordingTarget(store: LocalRecordingStore(
            directory: dataDirectory.appendingPathComponent("recordings"), baseURL: "http://127.0.0.1", secret: "test"))
    }

    /// Runs the importer in process.
    func importOnce(_ options: ImportOptions = ImportOptions(), objects: (any ObjectSource)? = nil,
                    recordings: (any RecordingTarget)? = nil) async throws -> ImportReport {
        try await SupabaseImporter(
            mapping: .supabaseDefault, source: source.url, target: target.url,
            objects: objects ?? StorageDirectorySource(root: storageDirectory), recordings: recordings ?? self.recordings, options: options,
            progress: ImportProgress(enabled: false), logger: logger
        ).run()
    }

    /// Runs the verifier in process.
    func verify(objects: (any ObjectSource)? = nil, recordings: (any RecordingTarget)? = nil) async throws -> VerifyReport {
        try await ImportVerifier(
            mapping: .supabaseDefault, source: source.url, target: target.url,
            objects: objects ?? StorageDirectorySource(root: storageDirectory), recordings: recordings ?? self.recordings, batchSize: 7,
            progress: ImportProgress(enabled: false), logger: logger
        ).run()
    }

    /// Environment for the `vantahire` executable.
    var environment: [String: String] {
        ["DATABASE_URL": target.url.urlString, "DATA_DIR": dataDirectory.path, "LOG_LEVEL": "error", "NODE_ENV": "test",
         "JWT_SECRET": "test-secret-test-secret-test-secret-42"]
    }

    /// `vantahire import supabase` arguments for this fixture.
    func importArguments(_ extra: [String] = []) -> [String] {
        ["import", "supabase", "--source", source.url.urlString, "--storage-dir", storageDirectory.path] + extra
    }

    /// `vantahire import verify` arguments for this fixture.
    func verifyArguments(_ extra: [String] = []) -> [String] {
        ["import", "verify", "--source", source.url.urlString, "--storage-dir", storageDirectory.path] + extra
    }

    /// One integer from the target.
    func targetInt(_ sql: String) async throws -> Int {
        for try await value in try await target.client.query(PostgresQuery(unsafeSQL: sql), logger: target.logger).decode(Int.self) {
            return value
        }
        return 0
    }

    /// One text value from the target.
    func targetText(_ sql: String) async throws -> String? {
        for try await value in try await target.client.query(PostgresQuery(unsafeSQL: sql), logger: target.logger).decode(String?.self) {
            return value
        }
        return nil
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(60), _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
