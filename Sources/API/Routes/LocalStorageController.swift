import Core
import Foundation
import HTTPTypes
import Hummingbird
import Integrations
import Logging
import NIOCore
import PostgresNIO

/// `/storage/local/*`: the local recordings store's signed URLs (used when GCS is not
/// configured). `PUT` streams the body to disk up to `RECORDING_MAX_BYTES`; `GET` streams it back as
/// an attachment with `X-Content-Type-Options: nosniff`.
struct LocalStorageController {
    let store: LocalRecordingStore
    let maxBytes: Int

    func register(on router: Router<APIRequestContext>) {
        router.put("/storage/local/**", use: put)
        router.get("/storage/local/**", use: get)
    }

    func authorize(_ request: Request, context: APIRequestContext, _ operation: LocalRecordingStore.Operation) throws -> String {
        let key = String(request.uri.path.dropFirst("/storage/local/".count))
        let query = request.uri.queryParameters
        guard let interviewText = key.split(separator: "/").dropFirst().first, let interviewId = UUID(uuidString: String(interviewText)),
              RecordingKey.belongs(key, to: interviewId),
              query["op"].map(String.init) == operation.rawValue,
              let expires = query["expires"].flatMap({ Int(String($0)) }),
              let signature = query["signature"].map(String.init),
              store.verify(operation, key: key, expires: expires, signature: signature)
        else {
            throw APIError(.forbidden, code: .invalidSignature, message: "The signed URL is invalid or has expired")
        }
        return key
    }

    func put(_ request: Request, context: APIRequestContext) async throws -> Response {
        let key = try authorize(request, context: context, .put)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw APIError(.contentTooLarge, code: .payloadTooLarge, message: "The recording is larger than \(maxBytes) bytes", headers: [.connection: "close"])
        }
        let target = store.fileURL(for: key)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.appendingPathExtension("partial")
        do {
            try await FileIO().writeFile(contents: LimitedBody(body: request.body, limit: maxBytes), path: partial.path, context: context)
        } catch let error as APIError {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        _ = try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: partial, to: target)
        return Response(status: .ok)
    }

    func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let key = try authorize(request, context: context, .get)
        let path = store.fileURL(for: key).path
        guard FileManager.default.fileExists(atPath: path) else { throw APIError.notFound("No recording found") }
        let body = try await FileIO().loadFile(path: path, context: context)
        let type = key.hasSuffix(".mp4") ? "video/mp4" : "video/webm"
        // Whatever the candidate uploaded is served as a download of the declared type, never
        // sniffed or rendered as a page of the API's origin.
        let headers: HTTPFields = [
            .contentType: type, .cacheControl: "private, no-store", .xContentTypeOptions: "nosniff",
            .contentDisposition: "attachment; filename=\"recording.\(key.hasSuffix(".mp4") ? "mp4" : "webm")\"",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
        ]
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// A request body that fails with 413 once more than `limit` bytes have arrived.
struct LimitedBody: AsyncSequence {
    typealias Element = ByteBuffer
    let body: RequestBody
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var total = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            total += buffer.readableBytes
            if total > limit {
                throw APIError(.contentTooLarge, code: .payloadTooLarge, message: "The upload is larger than \(limit) bytes", headers: [.connection: "close"])
            }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: body.makeAsyncIterator(), limit: limit) }
}
