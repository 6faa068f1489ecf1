public import AsyncHTTPClient
public import Foundation
public import NIOCore
internal import NIOHTTP1

extension GCSStorageClient {
    /// The size of an object (`GET /storage/v1/b/{bucket}/o/{object}`), or `nil` when it does not
    /// exist.
    ///
    /// - Throws: ``ProviderError``, or `CancellationError` when the calling task is cancelled.
    public func objectSize(bucket: String, object: String) async throws -> Int64? {
        let url = configuration.baseURL.endpoint(Self.objectPath(bucket: bucket, object: object))
        let response = try await authorized { token in
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Accept", value: "application/json")
            return request
        }
        if response.status == 404 { return nil }
        struct Metadata: Decodable { let size: String? }
        guard let size = JSONRequest.decode(Metadata.self, from: response.body)?.size.flatMap({ Int64($0) }) else {
            throw ProviderError(kind: .transient, provider: .gcs, status: response.status, message: "object metadata without a size")
        }
        return size
    }

    /// Uploads an object in one request (`POST /upload/storage/v1/b/{bucket}/o?uploadType=media`),
    /// its bytes read from `body` as they are sent. The object appears only once the whole upload
    /// has arrived.
    ///
    /// - Parameter body: Makes the request body; called again if the upload is retried with a
    ///   fresh access token.
    /// - Throws: ``ProviderError``, or `CancellationError` when the calling task is cancelled.
    public func uploadObject(bucket: String, object: String, contentType: String,
                             body: @Sendable () throws -> HTTPClientRequest.Body) async throws {
        let path = "/upload/storage/v1/b/\(PercentEncoding.pathSegment(bucket))/o?uploadType=media&name=\(PercentEncoding.pathSegment(object))"
        let url = configuration.baseURL.endpoint(path)
        let response = try await authorized { token in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = try body()
            return request
        }
        guard (200..<300).contains(response.status) else {
            throw ProviderError(kind: .transient, provider: .gcs, status: response.status, message: "upload answered \(response.status)")
        }
    }

    /// Streams an object's bytes (`GET …/o/{object}?alt=media`) to `consume`, chunk by chunk;
    /// `false` when the object does not exist.
    ///
    /// - Throws: ``ProviderError``, what `consume` throws, or `CancellationError`.
    public func downloadObject(bucket: String, object: String, consume: (ByteBuffer) async throws -> Void) async throws -> Bool {
        let url = configuration.baseURL.endpoint(Self.objectPath(bucket: bucket, object: object) + "?alt=media")
        var attempt = 0
        while true {
            attempt += 1
            let token = try await tokenProvider.accessToken()
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response: HTTPClientResponse
            do {
                response = try await transport.open(request)
            } catch {
                throw transport.transportError(error)
            }
            let status = Int(response.status.code)
            if (200..<300).contains(status) {
                do {
                    for try await chunk in response.body { try await consume(chunk) }
                } catch let error as HTTPClientError {
                    throw transport.transportError(error)
                }
                return true
            }
            let body = try await transport.collectBody(response.body)
            if status == 404 { return false }
            if status == 401, attempt == 1 {
                await tokenProvider.invalidate(token)
                continue
            }
            throw self.error(ProviderHTTPResponse(status: status, headers: response.headers, body: body), redacting: token)
        }
    }

    /// Sends the request `make` builds with an access token; a rejected token (401) is dropped
    /// and the request sent once more with a new one. 404 is returned, other failures thrown.
    func authorized(_ make: (String) throws -> HTTPClientRequest) async throws -> ProviderHTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let token = try await tokenProvider.accessToken()
            let response = try await transport.send(try make(token))
            switch response.status {
            case 200..<300, 404:
                return response
            case 401 where attempt == 1:
                await tokenProvider.invalidate(token)
            default:
                throw error(response, redacting: token)
            }
        }
    }

    static func objectPath(bucket: String, object: String) -> String {
        "/storage/v1/b/\(PercentEncoding.pathSegment(bucket))/o/\(PercentEncoding.pathSegment(object))"
    }
}

extension GCSStorageClient {
    /// Uploads the file at `file` as an object, streamed from disk (see
    /// ``uploadObject(bucket:object:contentType:body:)``).
    public func uploadObject(bucket: String, object: String, contentType: String, file: URL) async throws {
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        try await uploadObject(bucket: bucket, object: object, contentType: contentType) {
            .stream(try FileChunks(url: file), length: .known(size))
        }
    }
}

/// A file's bytes as an async sequence of 1 MiB buffers (read on demand, so an upload pulls them
/// only as fast as it sends).
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let url: URL

    init(url: URL) throws {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        self.url = url
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        mutating func next() async throws -> ByteBuffer? {
            guard let handle, let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else {
                try? handle?.close()
                return nil
            }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: try? FileHandle(forReadingFrom: url))
    }
}
