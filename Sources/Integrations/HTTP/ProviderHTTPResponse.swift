internal import NIOCore
internal import NIOHTTP1

/// A provider's complete (non-streamed) HTTP answer.
struct ProviderHTTPResponse: Sendable {
    /// The HTTP status code.
    var status: Int
    /// The response headers.
    var headers: HTTPHeaders
    /// The whole response body.
    var body: ByteBuffer

    /// Whether the status is 2xx.
    var isSuccess: Bool { (200..<300).contains(status) }
}
