import Core
import Domain
import Foundation
import Integrations
public import Jobs
import Logging

/// `purge_recordings`: recordings of interviews that ended more than `RECORDING_RETENTION_DAYS`
/// ago are deleted from storage (a missing object counts as deleted) and `recording_key` cleared,
/// in bounded batches; a run that leaves more enqueues the next one.
public struct PurgeRecordingsHandler: Sendable {
    let platform: Platform
    let queue: JobQueue
    let store: any RecordingStore
    let batchSize: Int

    /// Creates the handler.
    public init(platform: Platform, queue: JobQueue, store: any RecordingStore, batchSize: Int = 100) {
        self.platform = platform
        self.queue = queue
        self.store = store
        self.batchSize = batchSize
    }

    /// Purges one batch.
    public func handle(_: PurgeRecordings, context: JobContext) async throws {
        let logger = context.logger
        let days = platform.configuration.providers.recordingRetentionDays
        let rows = try await RecordingUpload.pastRetention(days: days, limit: batchSize, on: platform.postgres, logger: logger)
        var failures: [String] = []
        var purged = 0
        for (id, key) in rows {
            do {
                try await store.delete(key: key)
                try await RecordingUpload.clearRecording(interviewId: id, key: key, on: platform.postgres, logger: logger)
                purged += 1
            } catch {
                failures.append("\(key): \(error)")
            }
        }
        logger.info("recordings purged", metadata: ["purged": "\(purged)", "failed": "\(failures.count)"])
        if !failures.isEmpty {
            throw PurgeFailure(description: "\(failures.count) recording(s) not deleted; first: \(failures[0])")
        }
        if rows.count == batchSize {
            try await queue.enqueue(PurgeRecordings())
        }
    }
}

/// Some recordings could not be deleted (retried with backoff).
struct PurgeFailure: Error, CustomStringConvertible {
    let description: String
}
