import Core
public import Jobs
import Logging

/// `prune_jobs`: deletes finalized jobs past their retention, in small batches.
public struct PruneJobsHandler: Sendable {
    let platform: Platform
    let queue: JobQueue

    /// Creates the handler.
    public init(platform: Platform, queue: JobQueue) {
        self.platform = platform
        self.queue = queue
    }

    /// Runs one pruning pass.
    public func handle(_: PruneJobs, context: JobContext) async throws {
        let settings = platform.configuration.worker
        let deleted = try await queue.prune(completedOlderThan: settings.completedRetention, discardedOlderThan: settings.discardedRetention)
        context.logger.info("jobs pruned", metadata: ["deleted": "\(deleted)"])
    }
}
