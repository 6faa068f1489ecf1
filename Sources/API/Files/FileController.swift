import Core
import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `/files`: uploads kept in PostgreSQL, with per-category limits enforced while streaming and
/// types checked from the bytes; downloads only for those allowed.
struct FileController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.post("/files/upload", use: upload)
        router.get("/files/:id", use: download)
        router.delete("/files/:id", use: delete)
    }


    struct Uploaded: Encodable {
        var id: UUID
        var name: String
        var size: Int
        var mimeType: String
        var category: FileCategory
        var url: String
    }

    func upload(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.signedIn(context)
        let queryCategory = try request.uri.queryParameters["category"].map { try Self.category(String($0)) }
        let ceiling = queryCategory?.maximumBytes ?? FileCategory.allCases.map(\.maximumBytes).max() ?? (10 << 20)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > ceiling + MultipartUpload.bodyAllowance {
            throw APIError(.contentTooLarge, code: .payloadTooLarge, message: "File too large (max \(ceiling >> 20) MB)",
                           headers: [.connection: "close"])
        }
        let upload = try await MultipartUpload.read(request) { fields in
            if let queryCategory { return queryCategory.maximumBytes }
            if let named = fields["category"].flatMap({ FileCategory(rawValue: $0.uppercased()) }) { return named.maximumBytes }
            return ceiling
        }
        let category: FileCategory
        if let queryCategory {
            category = queryCategory
        } else if let text = upload.fields["category"] {
            category = try Self.category(text)
        } else {
            throw APIError(.badRequest, code: .validationFailed, message: "category is required (LOGO, RESUME, SCREENSHOT or DOCUMENT)",
                           fields: ["category": "is required"])
        }
        let size = upload.fileBytes.readableBytes
        guard size <= category.maximumBytes else {
            throw APIError(.contentTooLarge, code: .payloadTooLarge, message: "File too large (max \(category.maximumBytes >> 20) MB)")
        }
        guard size > 0 else {
            throw APIError(.badRequest, code: .validationFailed, message: "The file is empty", fields: ["file": "must not be empty"])
        }
        let bytes = upload.fileBytes.readableBytesView
        guard let mimeType = FileSniffer.contentType(of: bytes), category.acceptedTypes.contains(mimeType) else {
            let accepted = category.acceptedTypes.sorted().joined(separator: ", ")
            throw APIError(.unsupportedMediaType, code: .unsupportedFileType,
                           message: "The file's content is not an accepted type for \(category.rawValue) (accepted: \(accepted))")
        }
        let digest = SecureToken.hex(SHA256.hash(data: Array(bytes)))
        let name = Self.safeName(upload.fileName ?? "file")
        let stored = try await StoredFile.insert(name: name, mimeType: mimeType, data: upload.fileBytes, sha256: digest, category: category,
                                                 uploadedBy: user.id, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.created, Uploaded(
            id: stored.id, name: stored.name, size: stored.size, mimeType: stored.mimeType, category: stored.category,
            url: "\(services.platform.configuration.api.publicURL)/files/\(stored.id.uuidString.lowercased())"
        ))
    }

    static func category(_ text: String) throws -> FileCategory {
        guard let category = FileCategory(rawValue: text.uppercased()) else {
            throw APIError.validation(field: "category", problem: "must be LOGO, RESUME, SCREENSHOT or DOCUMENT")
        }
        return category
    }

    /// A display name without paths or control characters, at most 255 characters.
    static func safeName(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        let cleaned = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }.prefix(255))
            .trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty ? "file" : cleaned
    }

    func download(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, resource: "File")
        let logger = context.logger
        guard let file = try await StoredFile.find(id: id, on: services.platform.postgres, logger: logger) else {
            throw APIError.notFound("File not found")
        }
        if file.category != .logo {
            let user = try Access.user(context, roles: Set(UserRole.allCases), scope: InterviewController.readScope)
            let allowed: Bool
            if file.uploadedBy == user.id || context.caller?.isAdmin == true {
                allowed = true
            } else if user.role == .recruiter || user.role == .admin {
                allowed = try await StoredFile.isShared(id: id, withRecruiter: user.id, on: services.platform.postgres, logger: logger)
            } else {
                allowed = false
            }
            guard allowed else { throw APIError.notFound("File not found") }
        }
        let etag = file.sha256.map { "\"\($0)\"" }
        var headers: HTTPFields = [
            .contentType: file.mimeType,
            .contentDisposition: Self.disposition(for: file),
            .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
            .cacheControl: file.category == .logo ? "public, max-age=86400" : "private, no-cache",
        ]
        if let etag {
            headers[.eTag] = etag
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
                return Response(status: .notModified, headers: headers)
            }
        }
        guard let data = try await StoredFile.content(id: id, on: services.platform.postgres, logger: logger) else {
            throw APIError.notFound("File not found")
        }
        headers[.contentLength] = String(data.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: data))
    }

    /// `inline` for images, `attachment` otherwise; an ASCII fallback name plus RFC 5987 `filename*`.
    static func disposition(for file: StoredFile) -> String {
        let kind = file.mimeType.hasPrefix("image/") ? "inline" : "attachment"
        let ascii = String(file.name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar != ";" ? Character(scalar) : "_"
        })
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~")).subtracting(CharacterSet(charactersIn: "\u{80}"..."\u{10FFFF}"))
        let encoded = file.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "file"
        return "\(kind); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.signedIn(context)
        let id = try request.uuidParameter("id", context: context, resource: "File")
        guard let file = try await StoredFile.find(id: id, on: services.platform.postgres, logger: context.logger),
              file.uploadedBy == user.id || context.caller?.isAdmin == true
        else { throw APIError.notFound("File not found") }
        _ = try await StoredFile.delete(id: id, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.success()
    }
}
