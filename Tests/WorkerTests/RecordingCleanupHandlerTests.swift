import Core
import Domain
import Foundation
import Integrations
import Jobs
import PostgresNIO
import TestSupport
import Testing
@testable import Worker

/// Recording objects that must leave storage: uploads never confirmed, and every object of a
/// deleted interview.
@Suite struct RecordingCleanupHandlerTests {
    /// Writes a stored object for `key` and records its upload (URL expiring at `expiresAt`).
    func storeUpload(_ key: String, interviewId: UUID, expiresAt: Date, confirmed: Bool, store: LocalRecordingStore, h: HandlerHarness) async throws {
        let file = store.fileURL(for: key)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: file)
        try await h.db.client.query("""
            INSERT INTO recording_uploads (key, interview_id, expires_at, confirmed_at)
            VALUES (\(key), \(interviewId), \(expiresAt), \(confirmed ? Date() : nil))
            """, logger: h.db.logger)
        if confirmed {
            try await h.db.client.query("UPDATE interviews SET recording_key = \(key) WHERE id = \(interviewId)", logger: h.db.logger)
        }
    }

    @Test func uploadsNeverConfirmedAreSweptAnHourAfterTheirURLExpired() async throws {
        try await HandlerHarness.with { h in
            let store = try #require(h.providers.recordings as? LocalRecordingStore)
            let longAgo = Date().addingTimeInterval(-3 * 3600)
            let abandoned = RecordingKey.make(interviewId: h.interviewId, fileName: "abandoned.webm", now: longAgo)
            let confirmed = RecordingKey.make(interviewId: h.interviewId, fileName: "kept.webm", now: longAgo)
            let recent = RecordingKey.make(interviewId: h.interviewId, fileName: "recent.webm")
            try await storeUpload(abandoned, interviewId: h.interviewId, expiresAt: longAgo, confirmed: false, store: store, h: h)
            try await storeUpload(confirmed, interviewId: h.interviewId, expiresAt: longAgo, confirmed: true, store: store, h: h)
            try await storeUpload(recent, interviewId: h.interviewId, expiresAt: Date().addingTimeInterval(-60), confirmed: false, store: store, h: h)
            try await SweepRecordingUploadsHandler(platform: h.platform, queue: h.queue, store: store)
                .handle(SweepRecordingUploads(), context: h.context())
            #expect(!FileManager.default.fileExists(atPath: store.fileURL(for: abandoned).path))
            #expect(FileManager.default.fileExists(atPath: store.fileURL(for: confirmed).path))
            #expect(FileManager.default.fileExists(atPath: store.fileURL(for: recent).path), "its URL expired less than an hour ago")
            let left = try await h.db.client.query("SELECT key FROM recording_uploads ORDER BY key", logger: h.db.logger)
                .decode(String.self).collectAll()
            #expect(Set(left) == [confirmed, recent])
            #expect(try await h.scalar("SELECT recording_key FROM interviews WHERE id = \(h.interviewId)", as: String.self) == confirmed)
        }
    }

    @Test func deleteRecordingsRemovesTheObjectsAndForgetsThemAndAMissingObjectCountsAsDeleted() async throws {
        try await HandlerHarness.with { h in
            let store = try #require(h.providers.recordings as? LocalRecordingStore)
            let recording = RecordingKey.make(interviewId: h.interviewId, fileName: "r.webm")
            let gone = RecordingKey.make(interviewId: h.interviewId, fileName: "gone.webm")
            try await storeUpload(recording, interviewId: h.interviewId, expiresAt: Date(), confirmed: true, store: store, h: h)
            try await storeUpload(gone, interviewId: h.interviewId, expiresAt: Date(), confirmed: false, store: store, h: h)
            try FileManager.default.removeItem(at: store.fileURL(for: gone))
            try await DeleteRecordingsHandler(platform: h.platform, store: store)
                .handle(DeleteRecordings(keys: [recording, gone]), context: h.context())
            #expect(!FileManager.default.fileExists(atPath: store.fileURL(for: recording).path))
            #expect(try await h.scalar("SELECT count(*) FROM recording_uploads", as: Int.self) == 0)
            #expect(try await h.scalar("SELECT recording_key IS NULL FROM interviews WHERE id = \(h.interviewId)", as: Bool.self) == true)
        }
    }

    @Test func aStorageOutageLeavesTheDeletionToARetry() async throws {
        try await HandlerHarness.with { h in
            struct Outage: RecordingStore {
                func uploadURL(key: String, contentType: String, maxBytes: Int, expiresIn seconds: Int) throws -> URL { URL(string: "http://x")! }
                func uploadHeaders(contentType: String, maxBytes: Int) -> [String: String] { [:] }
                func downloadURL(key: String, expiresIn seconds: Int) throws -> URL { URL(string: "http://x")! }
                func exists(key: String) async throws -> Bool? { nil }
                func delete(key: String) async throws { throw URLError(.cannotConnectToHost) }
            }
            let key = RecordingKey.make(interviewId: h.interviewId, fileName: "r.webm")
            try await h.db.client.query("INSERT INTO recording_uploads (key, interview_id, expires_at) VALUES (\(key), \(h.interviewId), now())",
                                        logger: h.db.logger)
            await #expect(throws: (any Error).self) {
                try await DeleteRecordingsHandler(platform: h.platform, store: Outage()).handle(DeleteRecordings(keys: [key]), context: h.context())
            }
            #expect(try await h.scalar("SELECT count(*) FROM recording_uploads", as: Int.self) == 1, "still known, so the retry deletes it")
        }
    }
}
