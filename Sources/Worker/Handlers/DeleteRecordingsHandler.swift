import Core
import Domain
import Foundation
import Integrations
public import Jobs
import Logging

/// `delete_recordings`: deletes recording objects from storage (a missing object counts as
/// deleted), then forgets them. A storage failure retries the job with backoff, so a deleted
/// interview's recording is never left behind.
public struct DeleteRecordingsHandler: Sendable {
    let platform: Platform
    let store: any RecordingStore

    /// Creates the handler.
    public init(platform: Platform, store: any RecordingStore) {
        self.platform = platform
        self.store = store
    }

    /// Deletes every key of `arguments`.
    public func handle(_ arguments: DeleteRecordings, context: JobContext) async throws {
        try await RecordingObjects.delete(arguments.keys, from: store, platform: platform, logger: context.logger)
    }
}
