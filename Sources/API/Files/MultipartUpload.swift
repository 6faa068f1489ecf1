import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MultipartKit
import NIOCore
import PostgresNIO

/// Reads a `multipart/form-data` upload as it streams in: one file part (`file`) kept up to
/// `limit` bytes, and small text fields. Exceeding the limit stops reading at once (413); the
/// body is never held whole in memory beyond the limit.
struct MultipartUpload {
    /// The file part.
    var fileName: String?
    var fileBytes = ByteBuffer()
    var sawFile = false
    /// Text fields (each at most 1 KiB).
    var fields: [String: String] = [:]

    /// Reads `request`'s body; `limitFor` gives the file limit, re-evaluated as fields arrive
    /// (a `category` field before the file tightens it).
    static func read(_ request: Request, limitFor: @escaping ([String: String]) -> Int) async throws -> MultipartUpload {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = boundary(in: contentType)
        else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "Upload the file as multipart/form-data with a `file` part")
        }
        let collector = Collector(limitFor: limitFor)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { buffer in collector.body(&buffer) }
        parser.onPartComplete = { collector.partComplete() }
        do {
            for try await chunk in request.body {
                try parser.execute(chunk)
                if let error = collector.error { throw error }
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, code: "invalid_multipart", message: "The multipart body is malformed")
        }
        if let error = collector.error { throw error }
        guard collector.upload.sawFile else {
            throw APIError(.badRequest, code: "validation_failed", message: "No file provided (send it in a part named file)",
                           fields: ["file": "is required"])
        }
        return collector.upload
    }

    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.count) ? value : nil
        }
        return nil
    }

    /// Parser callbacks' state.
    final class Collector {
        var upload = MultipartUpload()
        var error: APIError?
        let limitFor: ([String: String]) -> Int
        private var headers: [String: String] = [:]
        private var text: [UInt8] = []

        init(limitFor: @escaping ([String: String]) -> Int) { self.limitFor = limitFor }

        func header(_ name: String, _ value: String) { headers[name.lowercased()] = value }

        private var disposition: (name: String?, fileName: String?) {
            guard let value = headers["content-disposition"] else { return (nil, nil) }
            var name: String?
            var fileName: String?
            for parameter in value.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                var parsed = pair[1].trimmingCharacters(in: .whitespaces)
                if parsed.hasPrefix("\""), parsed.hasSuffix("\""), parsed.count >= 2 { parsed = String(parsed.dropFirst().dropLast()) }
                switch pair[0].trimmingCharacters(in: .whitespaces).lowercased() {
                case "name": name = parsed
                case "filename": fileName = parsed
                default: break
                }
            }
            return (name, fileName)
        }

        func body(_ buffer: inout ByteBuffer) {
            guard error == nil else { return }
            let part = disposition
            if part.name == "file" {
                if completedFileParts > 0 {
                    error = APIError(.badRequest, code: "validation_failed", message: "Send exactly one file", fields: ["file": "must be a single file"])
                    return
                }
                upload.sawFile = true
                upload.fileName = part.fileName
                let limit = limitFor(upload.fields)
                if upload.fileBytes.readableBytes + buffer.readableBytes > limit {
                    error = APIError(.contentTooLarge, code: "payload_too_large", message: "File too large (max \(Self.describe(limit)))",
                                     headers: [.connection: "close"])
                    return
                }
                upload.fileBytes.writeBuffer(&buffer)
            } else {
                guard text.count + buffer.readableBytes <= 1024 else {
                    error = APIError(.badRequest, code: "validation_failed", message: "Form fields must be at most 1 KiB")
                    return
                }
                text.append(contentsOf: buffer.readableBytesView)
            }
        }

        private var completedFileParts = 0

        func partComplete() {
            let part = disposition
            if part.name == "file" {
                upload.sawFile = true
                upload.fileName = part.fileName
                completedFileParts += 1
            } else if let name = part.name {
                upload.fields[name] = String(decoding: text, as: UTF8.self)
            }
            headers = [:]
            text = []
        }

        static func describe(_ bytes: Int) -> String {
            bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
        }
    }
}
