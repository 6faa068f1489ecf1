public import AsyncHTTPClient
internal import Foundation
public import Logging
internal import NIOCore
internal import NIOHTTP1

/// A client for Groq's (or any OpenAI-compatible server's) `POST {baseURL}/chat/completions`.
///
/// Uses the caller's shared `HTTPClient` (the caller owns its lifecycle). Every failure is a
/// ``ProviderError``: 429 → ``ProviderError/Kind/rateLimited(retryAfter:)`` (from `retry-after`
/// or Groq's `x-ratelimit-reset-*`), 5xx / network / time-out → ``ProviderError/Kind/transient``,
/// Groq's 400 `json_validate_failed` →
/// ``ProviderError/Kind/jsonValidationFailed(failedGeneration:)``, other 4xx →
/// ``ProviderError/Kind/permanent`` with the server's `error.message`.
public struct ChatCompletionsClient: Sendable {
    /// The client's settings.
    public let configuration: ChatCompletionsConfiguration
    private let transport: ProviderHTTPTransport
    private let redactor: SecretRedactor

    /// Creates a client that sends its requests over `httpClient`.
    public init(
        configuration: ChatCompletionsConfiguration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "vantahire.integrations.llm", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.transport = ProviderHTTPTransport(
            httpClient: httpClient, provider: configuration.provider, timeouts: configuration.timeouts, logger: logger)
        self.redactor = SecretRedactor(secrets: [configuration.apiKey])
    }

    /// Generates a whole completion and returns its text and usage.
    ///
    /// With ``ChatResponseFormat/jsonObject`` the content is returned verbatim: the provider may
    /// already have rejected invalid JSON (``ProviderError/Kind/jsonValidationFailed(failedGeneration:)``),
    /// but parsing and validating what it accepted is the caller's job.
    ///
    /// - Throws: ``ProviderError``, or `CancellationError` when the calling task is cancelled.
    public func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let httpRequest = try makeHTTPRequest(request, stream: false)
        let response = try await transport.send(httpRequest)
        guard response.isSuccess else {
            throw error(status: response.status, headers: response.headers, body: response.body)
        }
        guard let decoded = JSONRequest.decode(ChatCompletionsWire.Response.self, from: response.body) else {
            throw ProviderError(
                kind: .transient, provider: configuration.provider, status: response.status,
                message: "response is not a chat completion object",
                requestID: response.headers.first(name: "x-request-id"))
        }
        guard let choice = decoded.choices.first else {
            throw ProviderError(
                kind: .transient, provider: configuration.provider, status: response.status,
                message: "response has no choices", requestID: response.headers.first(name: "x-request-id"))
        }
        return ChatCompletion(
            id: decoded.id,
            model: decoded.model,
            content: choice.message?.content ?? "",
            finishReason: choice.finishReason.map(ChatFinishReason.init(rawValue:)),
            usage: (decoded.usage ?? decoded.xGroq?.usage)?.model,
            requestID: response.headers.first(name: "x-request-id") ?? decoded.xGroq?.id
        )
    }

    /// Streams a completion as server-sent events, yielding each content delta as soon as its
    /// event arrives (the first element marks time-to-first-token).
    ///
    /// The body is parsed incrementally; nothing waits for the whole answer. The sequence ends
    /// after `data: [DONE]`, and throws ``ProviderError`` if the request fails (same
    /// classification as ``complete(_:)``), if the server sends a mid-stream `error` event, or
    /// if the stream breaks off or stalls for longer than ``ProviderTimeouts/read``.
    ///
    /// Cancelling the task that iterates the sequence (or dropping the iterator) cancels the
    /// HTTP request at once and closes its connection.
    public func stream(_ request: ChatCompletionRequest) -> AsyncThrowingStream<ChatCompletionDelta, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ChatCompletionDelta.self)
        let task = Task {
            do {
                try await runStream(request, continuation: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: - Private

    private var endpoint: String { configuration.baseURL.endpoint("/chat/completions") }

    private func makeHTTPRequest(_ request: ChatCompletionRequest, stream: Bool) throws -> HTTPClientRequest {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        var httpRequest = try JSONRequest.make(
            url: endpoint,
            method: .POST,
            headers: headers,
            body: ChatCompletionsWire.Request(request, defaultModel: configuration.model, stream: stream)
        )
        if stream { httpRequest.headers.replaceOrAdd(name: "Accept", value: "text/event-stream") }
        return httpRequest
    }

    private func runStream(
        _ request: ChatCompletionRequest,
        continuation: AsyncThrowingStream<ChatCompletionDelta, any Error>.Continuation
    ) async throws {
        let httpRequest = try makeHTTPRequest(request, stream: true)
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await transport.open(httpRequest)
        } catch {
            let mapped = transport.transportError(error)
            transport.log(httpRequest, failure: mapped, started: started)
            throw mapped
        }
        let status = Int(response.status.code)
        transport.log(httpRequest, status: status, started: started)
        guard (200..<300).contains(status) else {
            let body = try await transport.collectBody(response.body)
            throw self.error(status: status, headers: response.headers, body: body)
        }
        let requestID = response.headers.first(name: "x-request-id")
        let body = response.body
        let provider = configuration.provider
        let redactor = self.redactor
        do {
            try await withIdleTimeout(configuration.timeouts.read) { monitor in
                var parser = ServerSentEventParser()
                var decoder = ChatStreamDecoder(provider: provider, redactor: redactor, requestID: requestID)
                for try await chunk in body {
                    monitor.recordProgress()
                    for event in try parser.feed(chunk) where !decoder.isDone {
                        for delta in try decoder.decode(event) { continuation.yield(delta) }
                    }
                }
                if !decoder.isDone, let event = parser.finish() {
                    for delta in try decoder.decode(event) { continuation.yield(delta) }
                }
                for delta in try decoder.finish() { continuation.yield(delta) }
            }
        } catch let tooLong as ServerSentEventParser.LineTooLong {
            throw ProviderError(
                kind: .transient, provider: provider, status: status,
                message: "stream line longer than \(tooLong.maxLineBytes) bytes", requestID: requestID)
        } catch {
            throw transport.transportError(error)
        }
    }

    private func error(status: Int, headers: HTTPHeaders, body: ByteBuffer) -> ProviderError {
        let requestID = headers.first(name: "x-request-id")
        guard let envelope = JSONRequest.decode(ChatCompletionsWire.ErrorEnvelope.self, from: body) else {
            return ProviderError.classifying(
                status: status, headers: headers, provider: configuration.provider, code: nil,
                message: redactor.redact(ProviderError.fallbackMessage(status: status, body: String(buffer: body))),
                requestID: requestID)
        }
        let failure = envelope.error
        let message = redactor.redact(failure.message ?? "HTTP \(status)")
        let code = failure.code ?? failure.type
        if status == 400, failure.code == "json_validate_failed" {
            return ProviderError(
                kind: .jsonValidationFailed(failedGeneration: failure.failedGeneration.map(redactor.redact)),
                provider: configuration.provider, status: status, code: failure.code, message: message,
                requestID: requestID)
        }
        return ProviderError.classifying(
            status: status, headers: headers, provider: configuration.provider, code: code, message: message,
            requestID: requestID)
    }
}
