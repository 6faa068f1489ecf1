import Core
import Domain
import Foundation
import Integrations
import Logging

/// Deleting recording objects from storage and then from the database, shared by the handlers
/// that remove recordings.
enum RecordingObjects {
    /// Deletes every key it can, forgets those, and throws naming the first that failed.
    static func delete(_ keys: [String], from store: any RecordingStore, platform: Platform, logger: Logger) async throws {
        var deleted: [String] = []
        var failures: [String] = []
        for key in keys {
            do {
                try await store.delete(key: key)
                deleted.append(key)
            } catch {
                failures.append("\(key): \(error)")
            }
        }
        try await RecordingUpload.forget(deleted, on: platform.postgres, logger: logger)
        if !failures.isEmpty {
            throw PurgeFailure(description: "\(failures.count) recording object(s) not deleted; first: \(failures[0])")
        }
    }
}
