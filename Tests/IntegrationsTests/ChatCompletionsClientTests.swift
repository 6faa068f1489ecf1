import AsyncHTTPClient
import Foundation
import Integrations
import ProviderFakes
import Testing

@Suite("Groq chat completions client against the Groq fake")
struct ChatCompletionsClientTests {
    static let apiKey = "gsk_test_0123456789abcdefghijklmnop"
    static let model = "llama-3.3-70b-versatile"

    let fake = GroqFake(apiKey: apiKey, defaultReply: "Sure, see you at seven.")

    /// Runs `body` with a client pointed at a running fake.
    func withClient<Result>(
        timeouts: ProviderTimeouts = TestSupport.relaxedTimeouts,
        apiKey: String = apiKey,
        _ body: (ChatCompletionsClient) async throws -> Result
    ) async throws -> Result {
        try await fake.withRunning { _ in
            let baseURL = try #require(fake.openAIBaseURL)
            return try await TestSupport.withHTTPClient(timeouts: timeouts) { httpClient in
                let configuration = ChatCompletionsConfiguration(
                    apiKey: apiKey, model: Self.model, baseURL: baseURL, timeouts: timeouts)
                return try await body(ChatCompletionsClient(configuration: configuration, httpClient: httpClient))
            }
        }
    }

    static let prompt = ChatCompletionRequest(
        messages: [.system("You are a scheduling assistant."), .user("Confirm the booking.")],
        temperature: 0.2,
        maxCompletionTokens: 64
    )

    // MARK: - Plain completion

    @Test("completion returns text and usage; fake saw POST, path, bearer key and body")
    func completionSuccess() async throws {
        let completion = try await withClient { client in try await client.complete(Self.prompt) }

        #expect(completion.content == "Sure, see you at seven.")
        #expect(completion.finishReason == .stop)
        #expect(completion.model == Self.model)
        let usage = try #require(completion.usage)
        #expect(usage.completionTokens == 5)
        #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)
        #expect(completion.requestID?.hasPrefix("req_") == true)

        let request = try #require(fake.requests.first)
        #expect(fake.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/openai/v1/chat/completions")
        #expect(request.header("authorization") == "Bearer \(Self.apiKey)")
        #expect(request.header("content-type") == "application/json")
        let body = try #require(request.json)
        #expect(body["model"]?.string == Self.model)
        #expect(body["messages"]?[0]?["role"]?.string == "system")
        #expect(body["messages"]?[1]?["content"]?.string == "Confirm the booking.")
        #expect(body["temperature"]?.number == 0.2)
        #expect(body["max_completion_tokens"]?.int == 64)
        #expect(body["stream"] == nil)
        #expect(body["response_format"] == nil)
    }

    @Test("a per-request model overrides the configured one")
    func modelOverride() async throws {
        var request = Self.prompt
        request.model = "llama-3.1-8b-instant"
        let completion = try await withClient { client in try await client.complete(request) }
        #expect(completion.model == "llama-3.1-8b-instant")
        #expect(fake.requests.first?.json?["model"]?.string == "llama-3.1-8b-instant")
    }

    // MARK: - Error classification

    @Test("429 with retry-after → rateLimited with that many seconds")
    func rateLimitedWithRetryAfter() async throws {
        fake.enqueue(.rateLimited(retryAfter: "2", resetTokens: "7.66s"))
        let error = try await withClient { client in
            await expectProviderError { try await client.complete(Self.prompt) }
        }
        let failure = try #require(error)
        #expect(failure.kind == .rateLimited(retryAfter: .seconds(2)))
        #expect(failure.status == 429)
        #expect(failure.code == "rate_limit_exceeded")
        #expect(failure.provider == .groq)
        #expect(failure.message.contains("Rate limit reached"))
        #expect(failure.isRetryable)
    }

    @Test("429 without retry-after → rateLimited from x-ratelimit-reset-tokens")
    func rateLimitedFromResetHeader() async throws {
        fake.enqueue(.rateLimited(retryAfter: nil, resetTokens: "1m2.5s"))
        let error = try await withClient { client in
            await expectProviderError { try await client.complete(Self.prompt) }
        }
        #expect(error?.retryAfter == .milliseconds(62_500))
    }

    @Test("503 → transient")
    func serviceUnavailable() async throws {
        fake.enqueue(.serviceUnavailable)
        let error = try await withClient { client in
            await expectProviderError { try await client.complete(Self.prompt) }
        }
        #expect(error?.kind == .transient)
        #expect(error?.status == 503)
        #expect(error?.message == "Service Unavailable")
    }

    @Test("400 → permanent with Groq's message")
    func badRequest() async throws {
        fake.enqueue(.badRequest("'temperature' : number must be at most 2"))
        let error = try await withClient { client in
            await expectProviderError { try await client.complete(Self.prompt) }
        }
        #expect(error?.kind == .permanent)
        #expect(error?.status == 400)
        #expect(error?.code == "invalid_request_error")
        #expect(error?.message == "'temperature' : number must be at most 2")
        #expect(error?.isRetryable == false)
    }

    @Test("the fake's own validation: empty messages → permanent 400")
    func emptyMessagesRejected() async throws {
        let error = try await withClient { client in
            await expectProviderError { try await client.complete(ChatCompletionRequest(messages: [])) }
        }
        #expect(error?.kind == .permanent)
        #expect(error?.message == "'messages' : minimum number of items is 1")
    }

    @Test("fake delays longer than the read timeout → transient")
    func readTimeout() async throws {
        fake.enqueue(.delay(TestSupport.longerThanTimeout, then: .reply("too late")))
        let started = ContinuousClock.now
        let error = try await withClient(timeouts: TestSupport.shortTimeouts) { client in
            await expectProviderError { try await client.complete(Self.prompt) }
        }
        #expect(error?.kind == .transient)
        #expect(error?.status == nil)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("connection dropped by the server → transient")
    func droppedConnection() async throws {
        fake.enqueue(.disconnect)
        let error = try await withClient { client in
            await expectProviderError { try await client.complete(Self.prompt) }
        }
        #expect(error?.kind == .transient)
    }

    @Test("wrong API key → permanent 401; the key never appears in the error")
    func invalidKeyIsRedacted() async throws {
        let wrongKey = "gsk_wrong_key_9876543210zyxwvutsrq"
        let echoingKey = FakeResponse.json(
            status: 401, #"{"error":{"message":"Invalid API Key: \#(Self.apiKey)","type":"invalid_request_error","code":"invalid_api_key"}}"#)
        let rejected = try await withClient(apiKey: wrongKey) { client in
            await expectProviderError { try await client.complete(Self.prompt) }
        }
        #expect(rejected?.kind == .permanent)
        #expect(rejected?.status == 401)
        #expect(rejected?.code == "invalid_api_key")
        #expect(rejected?.message == "Invalid API Key")
        #expect(fake.requests.first?.header("authorization") == "Bearer \(wrongKey)")

        fake.enqueue(.raw(echoingKey))
        let leaked = try await withClient { client in
            await expectProviderError { try await client.complete(Self.prompt) }
        }
        let failure = try #require(leaked)
        #expect(failure.message == "Invalid API Key: <redacted>")
        expectNoSecrets(in: failure, [Self.apiKey, wrongKey])
    }

    // MARK: - JSON mode

    @Test("JSON mode sends response_format and returns malformed content verbatim, then valid content")
    func jsonModeReturnsContentVerbatim() async throws {
        let malformed = #"{"slot": "19:00", "confirmed": tru"#
        let valid = #"{"slot": "19:00", "confirmed": true}"#
        fake.enqueue(.reply(malformed), .reply(valid))
        let request = ChatCompletionRequest(
            messages: [.user("Answer in JSON with the slot and whether it is confirmed.")],
            responseFormat: .jsonObject)
        let (first, second) = try await withClient { client in
            (try await client.complete(request), try await client.complete(request))
        }
        #expect(first.content == malformed)
        #expect(second.content == valid)
        #expect((try? JSONSerialization.jsonObject(with: Data(first.content.utf8))) == nil)
        #expect((try? JSONSerialization.jsonObject(with: Data(second.content.utf8))) != nil)
        #expect(fake.requests.count == 2)
        #expect(fake.requests.allSatisfy { $0.json?["response_format"]?["type"]?.string == "json_object" })
    }

    @Test("json_validate_failed → its own retryable kind carrying the failed generation")
    func jsonValidateFailed() async throws {
        fake.enqueue(.jsonValidateFailed(failedGeneration: #"{"slot": 19:00}"#))
        let request = ChatCompletionRequest(messages: [.user("Reply with JSON.")], responseFormat: .jsonObject)
        let error = try await withClient { client in
            await expectProviderError { try await client.complete(request) }
        }
        let failure = try #require(error)
        #expect(failure.kind == .jsonValidationFailed(failedGeneration: #"{"slot": 19:00}"#))
        #expect(failure.code == "json_validate_failed")
        #expect(failure.status == 400)
        #expect(failure.isRetryable)
        #expect(failure.message.hasPrefix("Failed to generate JSON"))
        #expect(!failure.description.contains("19:00"))
    }

    @Test("JSON mode without the word json in the prompt → permanent 400 from the fake")
    func jsonModeRequiresTheWordJSON() async throws {
        let request = ChatCompletionRequest(messages: [.user("Reply please.")], responseFormat: .jsonObject)
        let error = try await withClient { client in
            await expectProviderError { try await client.complete(request) }
        }
        #expect(error?.kind == .permanent)
        #expect(error?.message.contains("must contain the word 'json'") == true)
    }
}
