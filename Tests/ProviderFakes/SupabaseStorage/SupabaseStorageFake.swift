internal import Crypto
public import Foundation
internal import Hummingbird
internal import NIOCore
internal import Synchronization

/// A faithful local imitation of Supabase Storage's object download behind the project gateway:
/// `GET /storage/v1/object/<bucket>/<name>` (also `/object/authenticated/…`), the name's
/// segments percent-encoded.
///
/// The gateway wants an `apikey` header (401 `{"message": "No API key found in request"}`
/// without one); Storage wants `Authorization: Bearer <key>` (400 with
/// `{"statusCode": "403", "error": "Unauthorized", "message": "invalid signature"}` for another
/// key). A missing object or bucket is Storage's legacy 400 with
/// `{"statusCode": "404", "error": "not_found", "message": "Object not found"}` (or a plain
/// 404 with ``legacyNotFound`` off). Objects are streamed in 64 KiB chunks with
/// `Content-Length`, `Content-Type`, `ETag` and `Cache-Control`; generated objects are produced
/// on the fly, so a test can serve objects far larger than it wants to hold.
public final class SupabaseStorageFake: ProviderFake {
    private enum Object {
        case bytes(Data, mimeType: String)
        case generated(size: Int, seed: UInt8, mimeType: String)
    }

    /// The service-role key the fake accepts.
    public let serviceRoleKey: String
    /// Whether a missing object is answered the legacy way (400 + `"statusCode": "404"`).
    public let legacyNotFound: Bool
    /// Chunk size of streamed answers.
    public static let chunkSize = 64 * 1024

    private let server = FakeHTTPServer()
    private let state = FakeState<Never>()
    private let objects = Mutex<[String: Object]>([:])

    /// Creates a fake that accepts `serviceRoleKey`.
    public init(serviceRoleKey: String, legacyNotFound: Bool = true) {
        self.serviceRoleKey = serviceRoleKey
        self.legacyNotFound = legacyNotFound
    }

    /// The server's base URL while running (the project URL).
    public var baseURL: URL? { server.baseURL }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { state.requests }

    /// Stores an object.
    public func putObject(bucket: String, name: String, data: Data, mimeType: String = "application/octet-stream") {
        objects.withLock { $0[bucket + "/" + name] = .bytes(data, mimeType: mimeType) }
    }

    /// Stores an object of `size` bytes generated from `seed` (see ``generatedBytes(size:seed:)``).
    public func putGeneratedObject(bucket: String, name: String, size: Int, seed: UInt8, mimeType: String = "video/webm") {
        objects.withLock { $0[bucket + "/" + name] = .generated(size: size, seed: seed, mimeType: mimeType) }
    }

    /// Removes an object.
    public func removeObject(bucket: String, name: String) {
        _ = objects.withLock { $0.removeValue(forKey: bucket + "/" + name) }
    }

    /// Bytes `offset..<offset+count` of a generated object.
    public static func generatedChunk(offset: Int, count: Int, seed: UInt8) -> [UInt8] {
        (offset..<(offset + count)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) ^ seed }
    }

    /// The lower-case hex SHA-256 of a generated object.
    public static func generatedSHA256(size: Int, seed: UInt8) -> String {
        var hash = SHA256()
        var offset = 0
        while offset < size {
            let count = min(chunkSize, size - offset)
            hash.update(data: generatedChunk(offset: offset, count: count, seed: seed))
            offset += count
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Starts the fake.
    public func start() async throws -> URL {
        try await server.start { [self] request, _ in
            handle(request)
        }
    }

    /// Stops the fake.
    public func stop() async {
        await server.stop()
    }

    private func handle(_ request: RecordedRequest) -> Response {
        state.record(request)
        var path = request.path
        for prefix in ["/storage/v1/object/authenticated/", "/storage/v1/object/"] where path.hasPrefix(prefix) {
            path = String(path.dropFirst(prefix.count))
            break
        }
        guard request.path.hasPrefix("/storage/v1/object/"), request.method == "GET" || request.method == "HEAD" else {
            return json(404, #"{"statusCode":"404","error":"Not Found","message":"Route \#(request.method):\#(request.path) not found"}"#)
        }
        guard request.header("apikey") != nil else {
            return json(401, #"{"message":"No API key found in request"}"#)
        }
        guard request.header("apikey") == serviceRoleKey else {
            return json(401, #"{"message":"Invalid API key"}"#)
        }
        guard let authorization = request.header("authorization") else {
            return json(400, #"{"statusCode":"400","error":"Error","message":"headers must have required property 'authorization'"}"#)
        }
        guard authorization == "Bearer \(serviceRoleKey)" else {
            return json(400, #"{"statusCode":"403","error":"Unauthorized","message":"invalid signature"}"#)
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { String($0).removingPercentEncoding ?? String($0) }
        guard segments.count >= 2, !segments[0].isEmpty else { return notFound() }
        let key = segments[0] + "/" + segments.dropFirst().joined(separator: "/")
        guard let object = objects.withLock({ $0[key] }) else { return notFound() }
        let size: Int, mimeType: String
        switch object {
        case .bytes(let data, let type): (size, mimeType) = (data.count, type)
        case .generated(let generatedSize, _, let type): (size, mimeType) = (generatedSize, type)
        }
        var headers = HTTPFields()
        headers[.contentType] = mimeType
        headers[.contentLength] = String(size)
        headers[.eTag] = "\"\(key.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFFFFF })\""
        headers[.cacheControl] = "max-age=3600"
        if request.method == "HEAD" { return Response(status: .ok, headers: headers) }
        let body = ResponseBody(contentLength: size) { writer in
            var offset = 0
            while offset < size {
                let count = min(Self.chunkSize, size - offset)
                let chunk: ByteBuffer
                switch object {
                case .bytes(let data, _): chunk = ByteBuffer(bytes: data[data.startIndex + offset ..< data.startIndex + offset + count])
                case .generated(_, let seed, _): chunk = ByteBuffer(bytes: Self.generatedChunk(offset: offset, count: count, seed: seed))
                }
                try await writer.write(chunk)
                offset += count
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    private func notFound() -> Response {
        legacyNotFound
            ? json(400, #"{"statusCode":"404","error":"not_found","message":"Object not found"}"#)
            : json(404, #"{"statusCode":"404","error":"not_found","message":"Object not found"}"#)
    }

    private func json(_ status: Int, _ text: String) -> Response {
        FakeResponse.json(status: status, text).hummingbirdResponse
    }
}
