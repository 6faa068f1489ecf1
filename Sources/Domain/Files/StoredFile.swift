public import Core
public import Foundation
public import Logging
public import PostgresNIO

/// A file kept in PostgreSQL (metadata; the bytes are read separately).
public struct StoredFile: Sendable, Codable, Equatable {
    /// Id.
    public var id: UUID
    /// Original name (sanitised).
    public var name: String
    /// Content type detected from the bytes.
    public var mimeType: String
    /// Size in bytes.
    public var size: Int
    /// Category.
    public var category: FileCategory
    /// Uploader.
    public var uploadedBy: UUID?
    /// Hex SHA-256 of the content.
    public var sha256: String?
    /// Upload time.
    public var createdAt: Date

    static let columns = "id, name, mime_type, size, category::text, uploaded_by, sha256, created_at"

    init(row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        id = try r["id"].decode(UUID.self)
        name = try r["name"].decode(String.self)
        mimeType = try r["mime_type"].decode(String.self)
        size = try r["size"].decode(Int.self)
        category = FileCategory(rawValue: try r["category"].decode(String.self)) ?? .document
        uploadedBy = try r["uploaded_by"].decode(UUID?.self)
        sha256 = try r["sha256"].decode(String?.self)
        createdAt = try r["created_at"].decode(Date.self)
    }

    /// Stores a file.
    public static func insert(name: String, mimeType: String, data: ByteBuffer, sha256: String, category: FileCategory,
                              uploadedBy: UUID, on client: Database, logger: Logger) async throws -> StoredFile {
        let query: PostgresQuery = """
            INSERT INTO files (name, mime_type, size, data, category, uploaded_by, sha256)
            VALUES (\(name), \(mimeType), \(data.readableBytes), \(data), \(category.rawValue)::file_category, \(uploadedBy), \(sha256))
            RETURNING \(unescaped: columns)
            """
        guard let row = try await client.query(query, logger: logger).first(where: { _ in true }) else {
            throw PostgresDomainError("INSERT returned no row")
        }
        return try StoredFile(row: row)
    }

    /// Metadata of file `id`.
    public static func find(id: UUID, on client: Database, logger: Logger) async throws -> StoredFile? {
        try await client.query("SELECT \(unescaped: columns) FROM files WHERE id = \(id)", logger: logger)
            .first { _ in true }.map(StoredFile.init(row:))
    }

    /// The bytes of file `id`.
    public static func content(id: UUID, on client: Database, logger: Logger) async throws -> ByteBuffer? {
        try await client.query("SELECT data FROM files WHERE id = \(id)", logger: logger).decode(ByteBuffer.self).first { _ in true }
    }

    /// Whether `recruiterId` was given access to file `id`: it is the resume or a screenshot of
    /// one of their interviews, or the resume of an application to one of their postings.
    public static func isShared(id: UUID, withRecruiter recruiterId: UUID, on client: Database, logger: Logger) async throws -> Bool {
        let query: PostgresQuery = """
            SELECT EXISTS (SELECT 1 FROM interviews WHERE resume_file_id = \(id) AND recruiter_id = \(recruiterId))
                OR EXISTS (SELECT 1 FROM interview_screenshots s JOIN interviews i ON i.id = s.interview_id
                           WHERE s.file_id = \(id) AND i.recruiter_id = \(recruiterId))
                OR EXISTS (SELECT 1 FROM job_applications a JOIN job_postings p ON p.id = a.job_posting_id
                           WHERE a.resume_file_id = \(id) AND p.recruiter_id = \(recruiterId))
            """
        return try await client.query(query, logger: logger).decode(Bool.self).first { _ in true } ?? false
    }

    /// Deletes file `id`; whether it existed.
    public static func delete(id: UUID, on client: Database, logger: Logger) async throws -> Bool {
        try await client.query("DELETE FROM files WHERE id = \(id) RETURNING id", logger: logger).first { _ in true } != nil
    }
}
