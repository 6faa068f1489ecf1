public import Core
public import Foundation
public import Logging
public import NIOCore
import PostgresNIO

/// A screenshot taken during an interview by the candidate's page: an image kept in `files`
/// (category `SCREENSHOT`) and linked to the interview. Deleting the interview deletes the row
/// and, through a trigger (migration 0009), the image.
public struct InterviewScreenshot: Sendable, Codable, Equatable {
    /// Id of the screenshot.
    public var id: UUID
    /// The interview.
    public var interviewId: UUID
    /// The image in `files` (downloaded through `GET /files/:id`).
    public var fileId: UUID
    /// Its file name (sanitised).
    public var name: String
    /// Its content type, detected from the bytes.
    public var mimeType: String
    /// Its size in bytes.
    public var size: Int
    /// Upload time.
    public var createdAt: Date

    /// Most screenshots one interview keeps.
    public static let maximumPerInterview = 50

    /// What ``insert(interviewId:name:mimeType:data:sha256:limit:on:logger:)`` did.
    public enum Insertion: Sendable, Equatable {
        /// Stored.
        case stored(InterviewScreenshot)
        /// The interview already has `limit` screenshots; nothing stored.
        case limitReached
        /// The interview does not exist (any more).
        case interviewNotFound
    }

    static let selection = """
        SELECT s.id, s.interview_id, s.file_id, f.name, f.mime_type, f.size, s.created_at
        FROM interview_screenshots s JOIN files f ON f.id = s.file_id
        """

    init(row: PostgresRow) throws {
        (id, interviewId, fileId, name, mimeType, size, createdAt) = try row.decode((UUID, UUID, UUID, String, String, Int, Date).self)
    }

    /// Stores `data` as a screenshot of interview `interviewId` unless it already has `limit`
    /// (counted under a per-interview lock, so concurrent uploads never exceed it).
    public static func insert(interviewId: UUID, name: String, mimeType: String, data: ByteBuffer, sha256: String, limit: Int,
                              on client: Database, logger: Logger) async throws -> Insertion {
        try await client.withTransaction(logger: logger) { connection in
            let lockKey = "interview_screenshots:\(interviewId.uuidString.lowercased())"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(lockKey), 0))", logger: logger)
            let counted = try await connection.query(
                """
                SELECT EXISTS (SELECT 1 FROM interviews WHERE id = \(interviewId)),
                       (SELECT count(*) FROM interview_screenshots WHERE interview_id = \(interviewId))::int8
                """, logger: logger
            ).decode((Bool, Int64).self).first { _ in true }
            guard let (exists, count) = counted, exists else { return .interviewNotFound }
            guard count < limit else { return .limitReached }
            let query: PostgresQuery = """
                WITH file AS (
                    INSERT INTO files (name, mime_type, size, data, category, uploaded_by, sha256)
                    VALUES (\(name), \(mimeType), \(data.readableBytes), \(data), 'SCREENSHOT', NULL, \(sha256))
                    RETURNING id, name, mime_type, size
                ), shot AS (
                    INSERT INTO interview_screenshots (interview_id, file_id) SELECT \(interviewId), id FROM file
                    RETURNING id, interview_id, file_id, created_at
                )
                SELECT shot.id, shot.interview_id, shot.file_id, file.name, file.mime_type, file.size, shot.created_at
                FROM shot JOIN file ON file.id = shot.file_id
                """
            guard let row = try await connection.query(query, logger: logger).first(where: { _ in true }) else {
                throw PostgresDomainError("INSERT returned no row")
            }
            return .stored(try InterviewScreenshot(row: row))
        }
    }

    /// The screenshots of interview `interviewId`, oldest first.
    public static func all(interviewId: UUID, on client: Database, logger: Logger) async throws -> [InterviewScreenshot] {
        try await client.query("\(unescaped: selection) WHERE s.interview_id = \(interviewId) ORDER BY s.created_at, s.id", logger: logger)
            .collect().map(InterviewScreenshot.init(row:))
    }
}
