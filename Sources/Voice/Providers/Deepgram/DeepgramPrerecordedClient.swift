public import AsyncHTTPClient
public import Foundation
public import NIOCore
import NIOHTTP1

/// Deepgram's pre-recorded transcription (`POST /v1/listen`, providers.md §1.1 and §9): one
/// recorded clip in, its transcript out. Used by clip mode.
public struct DeepgramPrerecordedClient: Sendable {
    /// The shared HTTP client (its owner shuts it down).
    public let httpClient: HTTPClient
    /// API root, `https://api.deepgram.com` or a fake's.
    public let baseURL: URL
    /// `DEEPGRAM_API_KEY`.
    public let apiKey: String
    /// Model and formatting.
    public let options: DeepgramPrerecordedOptions
    /// Longest wait for the whole answer.
    public let timeout: Duration

    /// A client.
    public init(
        httpClient: HTTPClient, baseURL: URL, apiKey: String, options: DeepgramPrerecordedOptions = DeepgramPrerecordedOptions(),
        timeout: Duration = .seconds(30)
    ) {
        self.httpClient = httpClient
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.options = options
        self.timeout = timeout
    }

    /// Transcribes `audio`, a whole file in `container`; throws ``VoiceProviderError`` (with the
    /// HTTP status when Deepgram answered one, e.g. 400 for corrupt or unsupported audio).
    public func transcribe(_ audio: ByteBuffer, container: ClipContainer) async throws -> DeepgramPrerecordedResponse {
        guard let url = options.url(base: baseURL.absoluteString) else {
            throw VoiceProviderError(provider: "deepgram", message: "invalid DEEPGRAM_BASE_URL")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Token \(apiKey)")
        request.headers.add(name: "Content-Type", value: container.contentType)
        request.body = .bytes(audio)
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: .init(timeout))
            body = try await response.body.collect(upTo: 4 << 20)
        } catch {
            throw VoiceProviderError(provider: "deepgram", message: "listen request failed: \(error)")
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let parsed = DeepgramErrorResponse.parse(Data(body.readableBytesView))
            throw VoiceProviderError(provider: "deepgram", status: Int(response.status.code), message: parsed.message)
        }
        do {
            return try JSONDecoder().decode(DeepgramPrerecordedResponse.self, from: Data(body.readableBytesView))
        } catch {
            throw VoiceProviderError(provider: "deepgram", status: Int(response.status.code), message: "unreadable listen response: \(error)")
        }
    }
}
