import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MultipartKit
import NIOCore
import PostgresNIO

/// Reads a `multipart/form-data` upload as it streams in, with every size explicit: one file
/// part (`file`) kept up to the category's limit, one optional `category` text field, and
/// nothing else. Exceeding a limit stops reading at once; memory never grows beyond the limits,
/// whether the body has a `Content-Length` or is chunked.
///
/// Limits: the whole body at most the file limit + ``bodyAllowance`` (413); at most
/// ``maximumHeaderBytes`` of headers per part (413 — MultipartKit's parser buffers a header
/// until its line ends, so the reader feeds it in slices and stops a part whose headers run
/// on); at most ``maximumParts`` parts, named `file` or `category`, each once (400); text fields
/// at most ``maximumFieldBytes`` (400).
struct MultipartUpload {
    /// The file part.
    var fileName: String?
    var fileBytes = ByteBuffer()
    var sawFile = false
    /// Text fields (only `category`).
    var fields: [String: String] = [:]

    /// The form fields the upload accepts.
    static let acceptedParts: Set<String> = ["file", "category"]
    /// Most parts in one body (`file` and `category`).
    static let maximumParts = 2
    /// Most header bytes of one part (its `Content-Disposition`, `Content-Type`, …), counting
    /// the boundary line and, for the first part, any preamble.
    static let maximumHeaderBytes = 8 << 10
    /// Most bytes of a text field.
    static let maximumFieldBytes = 1 << 10
    /// Bytes allowed on top of the file's limit for the framing (boundaries, headers, fields).
    static let bodyAllowance = 64 << 10
    /// The largest slice fed to the parser at once: a part's headers are checked at least this often.
    static let sliceBytes = 4 << 10

    /// Reads `request`'s body; `limitFor` gives the file limit, re-evaluated as fields arrive
    /// (a `category` field before the file tightens it); the body may exceed it by ``bodyAllowance``.
    static func read(_ request: Request, limitFor: @escaping ([String: String]) -> Int) async throws -> MultipartUpload {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = boundary(in: contentType)
        else {
            throw APIError(.unsupportedMediaType, code: .unsupportedMediaType, message: "Upload the file as multipart/form-data with a `file` part")
        }
        let collector = Collector(limitFor: limitFor)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { buffer in collector.body(&buffer) }
        parser.onPartComplete = { collector.partComplete() }
        var total = 0
        do {
            for try await chunk in request.body {
                total += chunk.readableBytes
                let bodyLimit = limitFor(collector.upload.fields) + bodyAllowance
                if total > bodyLimit {
                    throw APIError(.contentTooLarge, code: .payloadTooLarge,
                                   message: "The upload is larger than \(Collector.describe(bodyLimit))", headers: [.connection: "close"])
                }
                var rest = chunk
                while rest.readableBytes > 0, let slice = rest.readSlice(length: min(sliceBytes, rest.readableBytes)) {
                    let inHeaders = collector.inHeaders
                    try parser.execute(slice)
                    if let error = collector.error { throw error }
                    if inHeaders && collector.inHeaders { collector.headerBytes += slice.readableBytes }
                    if collector.headerBytes > maximumHeaderBytes {
                        throw APIError(.contentTooLarge, code: .payloadTooLarge,
                                       message: "A part's headers are larger than \(maximumHeaderBytes) bytes", headers: [.connection: "close"])
                    }
                }
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, code: .invalidMultipart, message: "The multipart body is malformed")
        }
        if let error = collector.error { throw error }
        guard collector.upload.sawFile else {
            throw APIError(.badRequest, code: .validationFailed, message: "No file provided (send it in a part named file)",
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
        /// Whether the parser is between parts (preamble, boundary, headers) rather than in a body.
        private(set) var inHeaders = true
        /// Header bytes of the current part so far.
        var headerBytes = 0
        private var headers: [String: String] = [:]
        private var text: [UInt8] = []
        private var partsSeen = 0
        private var namesSeen: Set<String> = []

        init(limitFor: @escaping ([String: String]) -> Int) { self.limitFor = limitFor }

        func header(_ name: String, _ value: String) {
            headers[name.lowercased()] = value
        }

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

        /// Checks a part once its headers are known: a documented name, not seen before, within
        /// the part count.
        private func admit(_ name: String?) -> Bool {
            guard error == nil else { return false }
            guard let name, MultipartUpload.acceptedParts.contains(name) else {
                let shown = String((name ?? "").prefix(40))
                error = APIError(.badRequest, code: .validationFailed, message: "Unknown form field '\(shown)': send only file and category",
                                 fields: [shown.isEmpty ? "body" : shown: "is not accepted"])
                return false
            }
            guard !namesSeen.contains(name) else {
                error = APIError(.badRequest, code: .validationFailed,
                                 message: name == "file" ? "Send exactly one file" : "Send \(name) once",
                                 fields: [name: name == "file" ? "must be a single file" : "must be sent once"])
                return false
            }
            guard partsSeen < MultipartUpload.maximumParts else {
                error = APIError(.badRequest, code: .validationFailed, message: "At most \(MultipartUpload.maximumParts) parts (file and category)")
                return false
            }
            namesSeen.insert(name)
            partsSeen += 1
            return true
        }

        func body(_ buffer: inout ByteBuffer) {
            guard error == nil else { return }
            let part = disposition
            if inHeaders {
                inHeaders = false
                guard admit(part.name) else { return }
            }
            if part.name == "file" {
                upload.sawFile = true
                upload.fileName = part.fileName
                let limit = limitFor(upload.fields)
                if upload.fileBytes.readableBytes + buffer.readableBytes > limit {
                    error = APIError(.contentTooLarge, code: .payloadTooLarge, message: "File too large (max \(Self.describe(limit)))",
                                     headers: [.connection: "close"])
                    return
                }
                upload.fileBytes.writeBuffer(&buffer)
            } else {
                guard text.count + buffer.readableBytes <= MultipartUpload.maximumFieldBytes else {
                    error = APIError(.badRequest, code: .validationFailed, message: "Form fields must be at most 1 KiB")
                    return
                }
                text.append(contentsOf: buffer.readableBytesView)
            }
        }

        func partComplete() {
            let part = disposition
            // A part without body bytes is admitted here.
            if inHeaders, !admit(part.name) {
                reset()
                return
            }
            if error == nil {
                if part.name == "file" {
                    upload.sawFile = true
                    upload.fileName = part.fileName
                } else if let name = part.name {
                    upload.fields[name] = String(decoding: text, as: UTF8.self)
                }
            }
            reset()
        }

        private func reset() {
            headers = [:]
            text = []
            inHeaders = true
            headerBytes = 0
        }

        static func describe(_ bytes: Int) -> String {
            bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
        }
    }
}
