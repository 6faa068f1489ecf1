public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// Deepgram Aura text-to-speech over HTTP (`POST /v1/speak`, providers.md §1.3), streamed.
///
/// Always asks for raw 16-bit little-endian PCM (`encoding=linear16&container=none`) and yields
/// the audio as the response body arrives, so the first bytes can be played while the rest is
/// still being generated. Yielded buffers always hold whole samples (an odd trailing byte is
/// carried over to the next buffer).
public struct DeepgramSpeakClient: Sendable {
    /// The shared HTTP client (its owner shuts it down).
    public let httpClient: HTTPClient
    /// API root, `https://api.deepgram.com` or a fake's.
    public let baseURL: URL
    /// `DEEPGRAM_API_KEY`.
    public let apiKey: String
    /// Voice and sample rate.
    public let options: DeepgramSpeakOptions
    /// Longest wait for the response head.
    public let timeout: Duration

    /// A client; `options` default to `aura-2-thalia-en` at 24 kHz.
    public init(httpClient: HTTPClient, baseURL: URL, apiKey: String, options: DeepgramSpeakOptions = DeepgramSpeakOptions(), timeout: Duration = .seconds(15)) {
        self.httpClient = httpClient
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.options = options
        self.timeout = timeout
    }

    /// Synthesizes `text`; the stream yields PCM as it arrives and throws ``VoiceProviderError``
    /// on an error status or a broken stream. Cancelling the consuming task cancels the request.
    public func synthesize(_ text: String) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
        let task = Task {
            do {
                try await run(text, into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(_ text: String, into continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation) async throws {
        guard let url = options.url(base: baseURL.absoluteString) else {
            throw VoiceProviderError(provider: "deepgram", message: "invalid DEEPGRAM_BASE_URL")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Token \(apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try JSONEncoder().encode(DeepgramSpeakRequest(text: text))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .init(timeout))
        } catch {
            throw VoiceProviderError(provider: "deepgram", message: "speak request failed: \(error)")
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let errorBody = (try? await response.body.collect(upTo: 64 * 1024)) ?? ByteBuffer()
            let parsed = DeepgramErrorResponse.parse(Data(errorBody.readableBytesView))
            throw VoiceProviderError(provider: "deepgram", status: Int(response.status.code), message: parsed.message)
        }
        var carry: UInt8?
        do {
            for try await var chunk in response.body {
                var out = ByteBuffer()
                out.reserveCapacity(chunk.readableBytes + 1)
                if let byte = carry {
                    out.writeInteger(byte)
                    carry = nil
                }
                out.writeBuffer(&chunk)
                if out.readableBytes % 2 == 1 {
                    carry = out.getInteger(at: out.writerIndex - 1, as: UInt8.self)
                    out.moveWriterIndex(to: out.writerIndex - 1)
                }
                if out.readableBytes > 0 { continuation.yield(out) }
            }
        } catch {
            throw VoiceProviderError(provider: "deepgram", message: "speak stream broke off: \(error)")
        }
    }
}
