public import Foundation
internal import Hummingbird
internal import NIOCore
internal import Synchronization

/// A faithful local imitation of Groq's OpenAI-compatible `POST /openai/v1/chat/completions`
/// (providers.md §2.6).
///
/// * Only that route exists (404 `unknown_url` otherwise); the bearer key must match (401
///   `invalid_api_key`); `model` and a non-empty `messages` are required; JSON mode requires a
///   message mentioning "json" (400 `invalid_request_error`).
/// * Non-streamed answers have the §2.2 shape (`usage`, `x_groq.id`) and an `x-request-id`.
/// * Streamed answers are `text/event-stream`: a first chunk with `role`, content chunks, a final
///   chunk with `finish_reason` and `x_groq.usage`, a `usage` chunk when `stream_options.include_usage`
///   is set, then `data: [DONE]`; every event is flushed as it is written.
/// * Every answer carries the six `x-ratelimit-*` headers.
///
/// Scripted ``Behavior``s are played in order, one per request; with the script empty the fake
/// replies ``defaultReply``.
public final class GroqFake: ProviderFake {
    /// The path the fake serves.
    public static let completionsPath = "/openai/v1/chat/completions"

    /// The API key clients must send as `Authorization: Bearer`.
    public let apiKey: String
    /// The content of answers that were not scripted.
    public let defaultReply: String

    private let server = FakeHTTPServer()
    private let state = FakeState<Behavior>()
    private let requestCounter = Mutex(0)

    /// Creates a fake that accepts `apiKey`.
    public init(apiKey: String, defaultReply: String = "Hello from the Groq fake.") {
        self.apiKey = apiKey
        self.defaultReply = defaultReply
    }

    /// The server's base URL while running.
    public var baseURL: URL? { server.baseURL }

    /// The OpenAI-compatible API root while running (`{baseURL}/openai/v1`), the value for a
    /// client's base URL.
    public var openAIBaseURL: URL? { baseURL?.appendingPathComponent("openai/v1") }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { state.requests }

    /// Every streamed answer so far, oldest first.
    public var streams: [FakeStreamRecord] { state.streams }

    /// Queues behaviours for the next requests, in order.
    public func enqueue(_ behaviors: Behavior...) {
        state.enqueue(behaviors)
    }

    /// Starts the fake.
    public func start() async throws -> URL {
        try await server.start { [self] request, connection in
            try await handle(request, connection: connection)
        }
    }

    /// Stops the fake.
    public func stop() async {
        await server.stop()
    }

    // MARK: - Handling

    private func handle(_ request: RecordedRequest, connection: FakeConnection) async throws -> Response {
        state.record(request)
        let number = requestCounter.withLock { count -> Int in
            count += 1
            return count
        }
        let requestID = "req_fake\(String(format: "%06d", number))"
        guard request.method == "POST", request.path == Self.completionsPath else {
            return errorResponse(
                status: 404, type: "invalid_request_error", code: "unknown_url",
                message: "Unknown request URL: \(request.method) \(request.path). Please check the URL for typos, or see the docs at https://console.groq.com/docs/",
                requestID: requestID, number: number)
        }
        guard request.header("authorization") == "Bearer \(apiKey)" else {
            return errorResponse(
                status: 401, type: "invalid_request_error", code: "invalid_api_key", message: "Invalid API Key",
                requestID: requestID, number: number)
        }
        var behavior = state.nextBehavior() ?? .reply(defaultReply)
        while case .delay(let duration, let next) = behavior {
            try await Task.sleep(for: duration)
            behavior = next
        }
        switch behavior {
        case .disconnect:
            return connection.drop()
        case .raw(let response):
            return response.hummingbirdResponse
        case .error(let status, let type, let code, let message):
            return errorResponse(
                status: status, type: type, code: code, message: message, requestID: requestID, number: number)
        case .rateLimited(let retryAfter, let resetTokens):
            return rateLimitedResponse(
                retryAfter: retryAfter, resetTokens: resetTokens, requestID: requestID, number: number)
        case .jsonValidateFailed(let failedGeneration):
            let body: JSONValue = [
                "error": [
                    "message": "Failed to generate JSON. Please adjust your prompt. See 'failed_generation' for more details.",
                    "type": "invalid_request_error",
                    "code": "json_validate_failed",
                    "failed_generation": .string(failedGeneration),
                ]
            ]
            return FakeResponse.json(status: 400, body, headers: commonHeaders(requestID: requestID, number: number))
                .hummingbirdResponse
        case .reply, .stream, .delay:
            break
        }
        guard let body = request.json, body.object != nil else {
            return errorResponse(
                status: 400, type: "invalid_request_error", code: nil,
                message: "The request body is not valid JSON.", requestID: requestID, number: number)
        }
        if let problem = Self.validationProblem(body) {
            return errorResponse(
                status: 400, type: "invalid_request_error", code: nil, message: problem,
                requestID: requestID, number: number)
        }
        let steps: [StreamStep]
        switch behavior {
        case .stream(let scripted): steps = scripted
        case .reply(let content): steps = Self.wordChunks(content).map(StreamStep.content)
        default: steps = []
        }
        let model = body["model"]?.string ?? ""
        let promptTokens = Self.promptTokens(body)
        if body["stream"]?.bool == true {
            return streamResponse(
                steps: steps, model: model, promptTokens: promptTokens,
                includeUsage: body["stream_options"]?["include_usage"]?.bool == true,
                requestID: requestID, number: number, connection: connection)
        }
        let content = steps.compactMap { step -> String? in
            if case .content(let text) = step { return text }
            return nil
        }.joined()
        let usage = Self.usage(prompt: promptTokens, completion: Self.tokenCount(content))
        let response: JSONValue = [
            "id": .string("chatcmpl-\(requestID)"),
            "object": "chat.completion",
            "created": .number(Date().timeIntervalSince1970.rounded(.down)),
            "model": .string(model),
            "system_fingerprint": "fp_fake",
            "choices": [
                [
                    "index": 0,
                    "finish_reason": "stop",
                    "logprobs": .null,
                    "message": ["role": "assistant", "content": .string(content)],
                ]
            ],
            "usage": usage,
            "x_groq": ["id": .string(requestID)],
        ]
        return FakeResponse.json(status: 200, response, headers: commonHeaders(requestID: requestID, number: number))
            .hummingbirdResponse
    }

    private func streamResponse(
        steps: [StreamStep],
        model: String,
        promptTokens: Int,
        includeUsage: Bool,
        requestID: String,
        number: Int,
        connection: FakeConnection
    ) -> Response {
        let state = self.state
        let channel = connection.channel
        let created = JSONValue.number(Date().timeIntervalSince1970.rounded(.down))
        let id = JSONValue.string("chatcmpl-\(requestID)")
        @Sendable func chunk(delta: JSONValue, finishReason: JSONValue = .null, extra: [String: JSONValue] = [:]) -> JSONValue {
            var object: [String: JSONValue] = [
                "id": id, "object": "chat.completion.chunk", "created": created, "model": .string(model),
                "choices": [["index": 0, "delta": delta, "finish_reason": finishReason]],
            ]
            object.merge(extra) { $1 }
            return .object(object)
        }
        let headers = FakeResponse.fields(
            [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]
                + commonHeaders(requestID: requestID, number: number))
        let body = ResponseBody { writer in
            let index = state.beginStream()
            @Sendable func clientClosed() -> Bool {
                state.streams[index].clientDisconnectedAt != nil || !channel.isActive
            }
            do {
                try await connection.watchingForClientClose {
                    var events: [JSONValue] = [
                        chunk(delta: ["role": "assistant", "content": ""], extra: ["x_groq": ["id": .string(requestID)]])
                    ]
                    var completion = ""
                    var failed = false
                    for step in steps {
                        switch step {
                        case .content(let text):
                            completion += text
                            events.append(chunk(delta: ["content": .string(text)]))
                        case .pause(let duration):
                            try await Self.write(&events, to: &writer, state: state, index: index)
                            guard await Self.pause(duration, until: clientClosed) else { throw CancellationError() }
                        case .error(let type, let code, let message):
                            var error: [String: JSONValue] = ["message": .string(message), "type": .string(type)]
                            if let code { error["code"] = .string(code) }
                            events.append(["error": .object(error)])
                            failed = true
                        case .disconnect:
                            try await Self.write(&events, to: &writer, state: state, index: index)
                            channel.close(promise: nil)
                            throw CancellationError()
                        }
                        if failed { break }
                    }
                    if !failed {
                        let usage = Self.usage(prompt: promptTokens, completion: Self.tokenCount(completion))
                        events.append(
                            chunk(
                                delta: [:], finishReason: "stop",
                                extra: ["x_groq": ["id": .string(requestID), "usage": usage]]))
                        if includeUsage {
                            events.append([
                                "id": id, "object": "chat.completion.chunk", "created": created,
                                "model": .string(model), "choices": [], "usage": usage,
                            ])
                        }
                    }
                    try await Self.write(&events, to: &writer, state: state, index: index)
                    if !failed {
                        try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                        state.updateStream(index) { $0.eventsSent += 1 }
                    }
                    try await writer.finish(nil)
                    state.updateStream(index) { $0.finishedAt = .now }
                } onClientClosed: {
                    // Also called when the watcher is torn down after a normal finish: ignore that.
                    state.updateStream(index) { record in
                        if record.finishedAt == nil, record.clientDisconnectedAt == nil {
                            record.clientDisconnectedAt = .now
                        }
                    }
                }
            } catch {
                if !channel.isActive {
                    state.updateStream(index) { $0.clientDisconnectedAt = $0.clientDisconnectedAt ?? .now }
                }
                throw error
            }
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Writes and flushes each pending event separately, then empties `events`.
    private static func write(
        _ events: inout [JSONValue],
        to writer: inout any ResponseBodyWriter,
        state: FakeState<Behavior>,
        index: Int
    ) async throws {
        for event in events {
            try await writer.write(ByteBuffer(string: "data: \(event)\n\n"))
            state.updateStream(index) { record in
                record.eventsSent += 1
                record.firstEventAt = record.firstEventAt ?? .now
            }
        }
        events.removeAll()
    }

    /// Sleeps for `duration`; returns `false` early if `isClosed` becomes true meanwhile.
    private static func pause(_ duration: Duration, until isClosed: @Sendable () -> Bool) async -> Bool {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            guard !isClosed() else { return false }
            do {
                try await Task.sleep(for: min(.milliseconds(10), end - ContinuousClock.now))
            } catch {
                return false
            }
        }
        return !isClosed()
    }

    // MARK: - Bodies and headers

    private func errorResponse(
        status: Int,
        type: String,
        code: String?,
        message: String,
        requestID: String,
        number: Int,
        extraHeaders: [(name: String, value: String)] = []
    ) -> Response {
        var error: [String: JSONValue] = ["message": .string(message), "type": .string(type)]
        if let code { error["code"] = .string(code) }
        return FakeResponse.json(
            status: status, ["error": .object(error)],
            headers: commonHeaders(requestID: requestID, number: number) + extraHeaders
        ).hummingbirdResponse
    }

    private func rateLimitedResponse(retryAfter: String?, resetTokens: String, requestID: String, number: Int) -> Response {
        var headers = commonHeaders(requestID: requestID, number: number, tokensExhausted: true, resetTokens: resetTokens)
        if let retryAfter { headers.append(("retry-after", retryAfter)) }
        let message =
            "Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_fake` service tier `on_demand` on tokens per minute (TPM): Limit 18000, Used 17990, Requested 1443. Please try again in \(resetTokens)."
        let body: JSONValue = [
            "error": ["message": .string(message), "type": "tokens", "code": "rate_limit_exceeded"]
        ]
        return FakeResponse.json(status: 429, body, headers: headers).hummingbirdResponse
    }

    private func commonHeaders(
        requestID: String,
        number: Int,
        tokensExhausted: Bool = false,
        resetTokens: String = "7.66s"
    ) -> [(name: String, value: String)] {
        [
            ("x-request-id", requestID),
            ("x-ratelimit-limit-requests", "14400"),
            ("x-ratelimit-limit-tokens", "18000"),
            ("x-ratelimit-remaining-requests", String(max(0, 14400 - number))),
            ("x-ratelimit-remaining-tokens", tokensExhausted ? "0" : "17997"),
            ("x-ratelimit-reset-requests", "2m59.56s"),
            ("x-ratelimit-reset-tokens", resetTokens),
        ]
    }

    // MARK: - Validation and token accounting

    private static func validationProblem(_ body: JSONValue) -> String? {
        guard let model = body["model"]?.string, !model.isEmpty else {
            return "'model' : property 'model' is missing"
        }
        guard let messages = body["messages"]?.array, !messages.isEmpty else {
            return "'messages' : minimum number of items is 1"
        }
        for message in messages {
            guard let role = message["role"]?.string, ["system", "user", "assistant", "tool"].contains(role) else {
                return "'messages.role' : value must be one of 'system', 'user', 'assistant', 'tool'"
            }
        }
        if body["response_format"]?["type"]?.string == "json_object" {
            let mentionsJSON = messages.contains { ($0["content"]?.string ?? "").lowercased().contains("json") }
            if !mentionsJSON {
                return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'."
            }
        }
        return nil
    }

    private static func promptTokens(_ body: JSONValue) -> Int {
        (body["messages"]?.array ?? []).reduce(0) { $0 + tokenCount($1["content"]?.string ?? "") + 4 }
    }

    private static func tokenCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

    private static func usage(prompt: Int, completion: Int) -> JSONValue {
        [
            "prompt_tokens": .number(Double(prompt)),
            "completion_tokens": .number(Double(completion)),
            "total_tokens": .number(Double(prompt + completion)),
            "queue_time": 0.012, "prompt_time": 0.002, "completion_time": 0.004, "total_time": 0.006,
        ]
    }

    /// Splits text into chunks of one word each, keeping the whitespace that follows a word.
    private static func wordChunks(_ text: String) -> [String] {
        var chunks: [String] = []
        var current = ""
        for character in text {
            if !character.isWhitespace, let last = current.last, last.isWhitespace {
                chunks.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}
