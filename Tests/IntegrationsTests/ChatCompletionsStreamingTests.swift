import Foundation
import Integrations
import ProviderFakes
import Synchronization
import Testing

@Suite("Groq chat completions streaming (SSE) against the Groq fake")
struct ChatCompletionsStreamingTests {
    static let apiKey = "gsk_stream_test_0123456789abcdef"

    let fake = GroqFake(apiKey: apiKey)

    func withClient<Result>(
        timeouts: ProviderTimeouts = TestSupport.relaxedTimeouts,
        _ body: (ChatCompletionsClient) async throws -> Result
    ) async throws -> Result {
        try await fake.withRunning { _ in
            let baseURL = try #require(fake.openAIBaseURL)
            return try await TestSupport.withHTTPClient(timeouts: timeouts) { httpClient in
                let configuration = ChatCompletionsConfiguration(
                    apiKey: Self.apiKey, model: "llama-3.1-8b-instant", baseURL: baseURL, timeouts: timeouts)
                return try await body(ChatCompletionsClient(configuration: configuration, httpClient: httpClient))
            }
        }
    }

    static let request = ChatCompletionRequest(messages: [.user("Greet the candidate.")])

    @Test("deltas arrive in order, the first one before the fake has finished the stream")
    func deltasArriveIncrementally() async throws {
        let pause = Duration.milliseconds(2000)
        fake.enqueue(.stream([.content("Hel"), .pause(pause), .content("lo"), .content(" world")]))
        let (deltas, arrivals) = try await withClient { client in
            var deltas: [ChatCompletionDelta] = []
            var arrivals: [ContinuousClock.Instant] = []
            for try await delta in client.stream(Self.request) {
                deltas.append(delta)
                arrivals.append(.now)
            }
            return (deltas, arrivals)
        }

        #expect(deltas.map(\.content) == ["Hel", "lo", " world", ""])
        #expect(deltas.map(\.content).joined() == "Hello world")
        let last = try #require(deltas.last)
        #expect(last.finishReason == .stop)
        #expect(last.usage?.completionTokens == 2)
        #expect(deltas.dropLast().allSatisfy { $0.finishReason == nil })

        let stream = try #require(fake.streams.first)
        let finished = try #require(stream.finishedAt)
        let firstSent = try #require(stream.firstEventAt)
        let firstArrival = try #require(arrivals.first)
        #expect(firstArrival < finished, "the first delta must not wait for the end of the stream")
        #expect(firstArrival - firstSent < pause, "the first delta must arrive during the fake's pause")
        #expect(arrivals[1] - firstSent >= pause - .milliseconds(20), "the second delta follows the pause")

        let recorded = try #require(fake.requests.first)
        #expect(recorded.json?["stream"]?.bool == true)
        #expect(recorded.json?["stream_options"]?["include_usage"]?.bool == true)
        #expect(recorded.header("accept") == "text/event-stream")
        #expect(recorded.header("authorization") == "Bearer \(Self.apiKey)")
    }

    @Test("an unscripted reply streams word by word and ends after [DONE]")
    func defaultReplyStreams() async throws {
        let contents = try await withClient { client in
            var contents: [String] = []
            for try await delta in client.stream(Self.request) where !delta.content.isEmpty {
                contents.append(delta.content)
            }
            return contents
        }
        #expect(contents == ["Hello ", "from ", "the ", "Groq ", "fake."])
        #expect(fake.streams.first?.finishedAt != nil)
    }

    @Test("cancelling the consuming task closes the HTTP request promptly")
    func cancellationClosesTheRequest() async throws {
        fake.enqueue(.stream([.content("first"), .pause(.seconds(20)), .content("never")]))
        try await withClient { client in
            let (firstDelta, firstDeltaSignal) = AsyncStream.makeStream(of: String.self)
            let received = Mutex<[String]>([])
            let consumer = Task {
                for try await delta in client.stream(Self.request) {
                    received.withLock { $0.append(delta.content) }
                    firstDeltaSignal.yield(delta.content)
                }
            }
            var signals = firstDelta.makeAsyncIterator()
            #expect(await signals.next() == "first")

            let cancelledAt = ContinuousClock.now
            consumer.cancel()
            _ = await consumer.result
            #expect(ContinuousClock.now - cancelledAt < .seconds(1), "the consumer must stop at once")

            let noticed = await TestSupport.eventually(within: .seconds(3)) {
                fake.streams.first?.clientDisconnectedAt != nil
            }
            #expect(noticed, "the fake must see the connection closed long before its 20 s pause ends")
            let stream = try #require(fake.streams.first)
            #expect(stream.finishedAt == nil)
            if let disconnected = stream.clientDisconnectedAt {
                #expect(disconnected - cancelledAt < .seconds(2))
            }
            #expect(received.withLock { $0 } == ["first"])
        }
    }

    @Test("a mid-stream error event ends the sequence with a ProviderError after the earlier deltas")
    func midStreamError() async throws {
        fake.enqueue(
            .stream([.content("Partial"), .error(type: "internal_server_error", code: nil, message: "model crashed")]))
        let (contents, error) = try await withClient { client in
            var contents: [String] = []
            let error = await expectProviderError {
                for try await delta in client.stream(Self.request) { contents.append(delta.content) }
            }
            return (contents, error)
        }
        #expect(contents == ["Partial"])
        #expect(error?.kind == .transient)
        #expect(error?.message == "model crashed")
    }

    @Test("an abrupt disconnect mid-stream → transient")
    func abruptDisconnect() async throws {
        fake.enqueue(.stream([.content("Par"), .disconnect]))
        let error = try await withClient { client in
            await expectProviderError {
                for try await _ in client.stream(Self.request) {}
            }
        }
        #expect(error?.kind == .transient)
    }

    @Test("a stream that stalls longer than the read timeout → transient")
    func stalledStream() async throws {
        fake.enqueue(.stream([.content("Hel"), .pause(TestSupport.longerThanTimeout), .content("lo")]))
        let started = ContinuousClock.now
        let (contents, error) = try await withClient(timeouts: TestSupport.shortTimeouts) { client in
            var contents: [String] = []
            let error = await expectProviderError {
                for try await delta in client.stream(Self.request) { contents.append(delta.content) }
            }
            return (contents, error)
        }
        #expect(contents == ["Hel"])
        #expect(error?.kind == .transient)
        #expect(error?.message.contains("read timed out") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("429 before the stream starts → rateLimited on first iteration")
    func rateLimitedStream() async throws {
        fake.enqueue(.rateLimited(retryAfter: "3", resetTokens: "7.66s"))
        let error = try await withClient { client in
            await expectProviderError {
                for try await _ in client.stream(Self.request) {}
            }
        }
        #expect(error?.kind == .rateLimited(retryAfter: .seconds(3)))
        #expect(fake.streams.isEmpty)
    }

    @Test("JSON validation failure reported inside the stream → jsonValidationFailed")
    func jsonValidationFailedMidStream() async throws {
        fake.enqueue(
            .stream([
                .content("{\"a\":"),
                .error(type: "invalid_request_error", code: "json_validate_failed", message: "Failed to generate JSON."),
            ]))
        let request = ChatCompletionRequest(messages: [.user("Reply with JSON.")], responseFormat: .jsonObject)
        let error = try await withClient { client in
            await expectProviderError {
                for try await _ in client.stream(request) {}
            }
        }
        #expect(error?.kind == .jsonValidationFailed(failedGeneration: nil))
        #expect(error?.isRetryable == true)
    }
}
