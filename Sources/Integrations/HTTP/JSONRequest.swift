internal import AsyncHTTPClient
internal import Foundation
internal import NIOCore
internal import NIOHTTP1

/// Builds JSON requests and decodes JSON answers the same way for every provider client.
enum JSONRequest {
    /// A request with `body` encoded as JSON and `Content-Type` / `Accept` set.
    static func make(
        url: String,
        method: HTTPMethod,
        headers: HTTPHeaders,
        body: some Encodable
    ) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        request.body = .bytes(ByteBuffer(bytes: try encoder.encode(body)))
        return request
    }

    /// Decodes `buffer` as `T`, or returns `nil` if it is not such JSON.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) -> T? {
        try? JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
    }
}
