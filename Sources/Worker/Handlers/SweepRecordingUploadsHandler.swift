import Core
import Domain
import Foundation
import Integrations
public import Jobs
import Logging

/// `sweep_recording_uploads`: uploads never confirmed are deleted from storage once their upload
/// URL has been expired for `grace` (so an upload that finished in time can still be confirmed),
/// in batches; a run that leaves more enqueues the next one.
public struct SweepRecordingUploadsHandler: Sendable {
    let platform: Platform
    let queue: JobQueue
    let store: any RecordingStore
    let grace: Duration
    let batchSize: Int

    /// Creates the handler.
    public init(platform: Platform, queue: JobQueue, store: any RecordingStore, grace: Duration = .seconds(3600), batchSize: Int = 100) {
        self.platform = platform
        self.queue = queue
        self.store = store
        self.grace = grace
        self.batchSize = batchSize
    }

    /// Sweeps one batch.
    public func handle(_: SweepRecordingUploads, context: JobContext) async throws {
        let logger = context.logger
        let cutoff = Date().addingTimeInterval(-Double(grace.components.seconds))
        let keys = try await RecordingUpload.abandoned(expiredBefore: cutoff, limit: batchSize, on: platform.postgres, logger: logger)
        try await RecordingObjects.delete(keys, from: store, platform: platform, logger: logger)
        logger.info("unconfirmed recording uploads swept", metadata: ["deleted": "\(keys.count)"])
        if keys.count == batchSize {
            try await queue.enqueue(SweepRecordingUploads())
        }
    }
}
