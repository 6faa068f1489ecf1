public import Core
public import Foundation
public import Logging
public import PostgresNIO

/// The recording objects of interviews (`recording_uploads`): every upload URL handed out, which
/// one became the interview's recording, and what must be deleted from storage when.
public enum RecordingUpload {
    /// Records upload `key` for interview `interviewId` (URL valid until `expiresAt`), unless the
    /// interview already has `limit` uploads; returns whether it was recorded. The interview's row
    /// is locked meanwhile, so concurrent requests cannot pass the limit together.
    public static func register(key: String, interviewId: UUID, expiresAt: Date, limit: Int,
                                on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        _ = try await connection.query("SELECT 1 FROM interviews WHERE id = \(interviewId) FOR UPDATE", logger: logger).collect()
        let count = try await connection.query("SELECT count(*) FROM recording_uploads WHERE interview_id = \(interviewId)", logger: logger)
            .decode(Int64.self).first { _ in true } ?? 0
        guard count < Int64(limit) else { return false }
        try await connection.query("""
            INSERT INTO recording_uploads (key, interview_id, expires_at) VALUES (\(key), \(interviewId), \(expiresAt))
            ON CONFLICT (key) DO NOTHING
            """, logger: logger)
        return true
    }

    /// What confirming an upload did.
    public enum Confirmation: Sendable, Equatable {
        /// `key` is now the recording; `replaced` is the recording it replaced (to delete).
        case confirmed(replaced: String?)
        /// No upload URL was handed out for `key` and this interview (or it was swept).
        case unknownUpload
        /// The interview is completed and already has a recording, which may not be replaced.
        case recordingFinal
        /// The interview does not exist.
        case interviewMissing
    }

    /// Makes upload `key` the recording of `interviewId`. A completed interview's recording may be
    /// replaced only when `mayReplaceFinal` (its owner); the candidate cannot.
    public static func confirm(key: String, interviewId: UUID, mayReplaceFinal: Bool,
                               on connection: PostgresConnection, logger: Logger) async throws -> Confirmation {
        let current = try await connection.query(
            "SELECT status::text, recording_key FROM interviews WHERE id = \(interviewId) FOR UPDATE", logger: logger
        ).decode((String, String?).self).first { _ in true }
        guard let (status, recording) = current else { return .interviewMissing }
        let known = try await connection.query(
            "SELECT 1 FROM recording_uploads WHERE key = \(key) AND interview_id = \(interviewId)", logger: logger
        ).collect()
        guard !known.isEmpty else { return .unknownUpload }
        if recording == key { return .confirmed(replaced: nil) }
        if status == InterviewStatus.completed.rawValue, recording != nil, !mayReplaceFinal { return .recordingFinal }
        try await connection.query("UPDATE interviews SET recording_key = \(key) WHERE id = \(interviewId)", logger: logger)
        try await connection.query("UPDATE recording_uploads SET confirmed_at = now() WHERE key = \(key)", logger: logger)
        return .confirmed(replaced: recording)
    }

    /// Every stored object of `interviewId`: its recording and every upload handed out for it.
    public static func keys(interviewId: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await strings(connection.query("""
            SELECT key FROM recording_uploads WHERE interview_id = \(interviewId)
            UNION
            SELECT recording_key FROM interviews WHERE id = \(interviewId) AND recording_key IS NOT NULL
            ORDER BY 1
            """, logger: logger))
    }

    /// Up to `limit` uploads never confirmed whose URL expired before `cutoff` (and that are no
    /// interview's recording): objects to delete.
    public static func abandoned(expiredBefore cutoff: Date, limit: Int, on client: Database, logger: Logger) async throws -> [String] {
        try await strings(client.query("""
            SELECT u.key FROM recording_uploads u
            WHERE u.confirmed_at IS NULL AND u.expires_at < \(cutoff)
              AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.recording_key = u.key)
            ORDER BY u.expires_at LIMIT \(Int64(limit))
            """, logger: logger))
    }

    /// Forgets `keys` whose objects were deleted from storage; an interview whose recording was
    /// one of them no longer has one.
    public static func forget(_ keys: [String], on client: Database, logger: Logger) async throws {
        guard !keys.isEmpty else { return }
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("DELETE FROM recording_uploads WHERE key = ANY(\(keys))", logger: logger)
            try await connection.query("UPDATE interviews SET recording_key = NULL WHERE recording_key = ANY(\(keys))", logger: logger)
        }
    }

    /// The storage key of `interviewId`'s recording; `nil` when it has none (or does not exist).
    public static func recordingKey(interviewId: UUID, on client: Database, logger: Logger) async throws -> String? {
        try await client.query("SELECT recording_key FROM interviews WHERE id = \(interviewId)", logger: logger)
            .decode(String?.self).first { _ in true } ?? nil
    }

    /// Clears `interviewId`'s recording after object `key` was deleted from storage, unless the
    /// recording was replaced by another object meanwhile.
    public static func clearRecording(interviewId: UUID, key: String, on client: Database, logger: Logger) async throws {
        try await client.query(
            "UPDATE interviews SET recording_key = NULL WHERE id = \(interviewId) AND recording_key = \(key)", logger: logger)
    }

    /// Up to `limit` recordings (interview id, key) of interviews completed more than `days` days
    /// ago, oldest first: objects past their retention.
    public static func pastRetention(days: Int, limit: Int, on client: Database, logger: Logger) async throws -> [(interviewId: UUID, key: String)] {
        try await client.query("""
            SELECT id, recording_key FROM interviews
            WHERE recording_key IS NOT NULL AND completed_at < now() - make_interval(days => \(days)::int)
            ORDER BY completed_at LIMIT \(limit)
            """, logger: logger).decode((UUID, String).self).collectAll().map { (interviewId: $0.0, key: $0.1) }
    }

    private static func strings<Rows: AsyncSequence>(_ rows: Rows) async throws -> [String] where Rows.Element == PostgresRow {
        var values: [String] = []
        for try await row in rows { values.append(try row.decode(String.self)) }
        return values
    }
}
