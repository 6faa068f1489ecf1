import Conversation
import AsyncHTTPClient
import Foundation
import Integrations
import Logging
import NIOCore
import Voice
import VoiceFakes

/// The old plan's design for comparison: wait for the whole transcript, then the whole model
/// reply, then the whole synthesis, and only then send audio. Same fakes, same latencies.
enum SequentialRun {
    static func run(
        deepgramURL: URL, llmURL: URL, httpClient: HTTPClient, turns: Int, into result: inout BenchResult
    ) async {
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        var options = DeepgramLiveOptions()
        options.endpointing = .milliseconds(100)
        let url = options.url(base: deepgramURL.absoluteString.replacingOccurrences(of: "http://", with: "ws://"))!
        let stt = DeepgramLiveConnection(url: url.absoluteString, apiKey: VoiceBench.deepgramKey, keepAliveInterval: .seconds(4), logger: logger)
        let finals = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        let reader = Task {
            for await event in stt.events {
                if case .message(.results(let results)) = event, results.isFinal, results.speechFinal {
                    finals.continuation.yield(.now)
                }
            }
            finals.continuation.finish()
        }
        let chat = ChatCompletionsClient(
            configuration: ChatCompletionsConfiguration(apiKey: VoiceBench.groqKey, model: "llama-3.3-70b-versatile", baseURL: llmURL),
            httpClient: httpClient)
        let speak = DeepgramSpeakClient(httpClient: httpClient, baseURL: deepgramURL, apiKey: VoiceBench.deepgramKey)
        var finalsIterator = finals.stream.makeAsyncIterator()
        for _ in 0..<turns {
            var tick = ContinuousClock.now
            for _ in 0..<50 {
                stt.send(audio: FakeAudio.speech(seconds: 0.02))
                tick += .milliseconds(20)
                try? await Task.sleep(until: tick, clock: .continuous)
            }
            let endOfSpeech = ContinuousClock.now
            let silence = Task {
                var tick = ContinuousClock.now
                while !Task.isCancelled {
                    stt.send(audio: FakeAudio.silence(seconds: 0.02))
                    tick += .milliseconds(20)
                    try? await Task.sleep(until: tick, clock: .continuous)
                }
            }
            do {
                guard await finalsIterator.next() != nil else { throw CancellationError() }
                let completion = try await chat.complete(ChatCompletionRequest(messages: [.system("interviewer"), .user("answer")]))
                var audio = 0
                for try await buffer in speak.synthesize(completion.content) { audio += buffer.readableBytes }
                guard audio > 0 else { throw CancellationError() }
                result.clientVoiceToVoice.append(StreamingRun.milliseconds(ContinuousClock.now - endOfSpeech))
            } catch {
                result.failures += 1
            }
            try? await Task.sleep(for: .milliseconds(300))
            silence.cancel()
        }
        stt.cancel()
        reader.cancel()
    }
}
