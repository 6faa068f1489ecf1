import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import Voice
import VoiceFakes

@Suite("Deepgram pre-recorded transcription (client and fake)", .serialized)
struct DeepgramPrerecordedTests {
    @Test("clip containers are recognised by their magic bytes; streamed PCM is not a clip")
    func containers() {
        #expect(ClipContainer.detect(FakeClipAudio.wav(seconds: 0.1)) == .wav)
        #expect(ClipContainer.detect(FakeClipAudio.webm()) == .webm)
        #expect(ClipContainer.detect(FakeClipAudio.ogg()) == .ogg)
        #expect(ClipContainer.detect(FakeClipAudio.mp4()) == .mp4)
        #expect(ClipContainer.detect(FakeAudio.speech(seconds: 0.02)) == nil)
        #expect(ClipContainer.detect(FakeAudio.silence(seconds: 0.02)) == nil)
        #expect(ClipContainer.detect(ByteBuffer(string: "RIFF")) == nil)
        #expect(ClipContainer.detect(ByteBuffer(string: "RIFF1234AVI LIST")) == nil)
    }

    @Test("the client posts the clip with its type and the model; the fake answers the scripted transcript in Deepgram's shape")
    func transcribes() async throws {
        try await withFake { fake, base, http in
            fake.enqueueUtterances(["Hello, world."])
            let client = DeepgramPrerecordedClient(httpClient: http, baseURL: base, apiKey: "dg_key")
            let clip = FakeClipAudio.wav(seconds: 1)
            let response = try await client.transcribe(clip, container: .wav)
            #expect(response.transcript == "Hello, world.")
            #expect(response.metadata.duration == 1)
            #expect(response.results.channels.first?.alternatives.first?.words.map(\.word) == ["hello", "world"])
            let record = try #require(fake.clipRequests.first)
            #expect(record.contentType == "audio/wav")
            #expect(record.query == "model=nova-3&smart_format=true&punctuate=true")
            #expect(record.bytes == clip.readableBytes)
            #expect(record.container == "wav")
        }
    }

    @Test("the fake refuses like Deepgram: bad key 401, garbled or empty audio 400, a URL without the JSON type 400")
    func refuses() async throws {
        try await withFake { fake, base, http in
            let wrongKey = DeepgramPrerecordedClient(httpClient: http, baseURL: base, apiKey: "nope")
            let unauthorized = await #expect(throws: VoiceProviderError.self) {
                _ = try await wrongKey.transcribe(FakeClipAudio.wav(seconds: 0.2), container: .wav)
            }
            #expect(unauthorized?.status == 401)
            #expect(unauthorized?.message == "Invalid credentials.")

            let client = DeepgramPrerecordedClient(httpClient: http, baseURL: base, apiKey: "dg_key")
            var truncated = FakeClipAudio.webm()
            truncated.moveWriterIndex(to: 20)  // the EBML header cut short
            let corrupt = await #expect(throws: VoiceProviderError.self) {
                _ = try await client.transcribe(truncated, container: .webm)
            }
            #expect(corrupt?.status == 400)
            #expect(corrupt?.message == "Bad Request: failed to process audio: corrupt or unsupported data")

            func post(_ body: String, type: String?) async throws -> (Int, String, String?) {
                var request = HTTPClientRequest(url: base.absoluteString + "/v1/listen?model=nova-3")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Token dg_key")
                if let type { request.headers.add(name: "Content-Type", value: type) }
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await http.execute(request, timeout: .seconds(10))
                let text = String(buffer: try await response.body.collect(upTo: 1 << 16))
                return (Int(response.status.code), text, response.headers.first(name: "dg-request-id"))
            }
            let url = #"{"url":"https://example.com/a.wav"}"#
            let (plain, plainBody, _) = try await post(url, type: "audio/wav")
            #expect(plain == 400)
            #expect(plainBody.contains("corrupt or unsupported data"))
            let (json, jsonBody, requestID) = try await post(url, type: "application/json")
            #expect(json == 200)
            #expect(jsonBody.contains(#""transcript""#))
            #expect(requestID.map { jsonBody.contains($0) } == true)
            let (empty, _, _) = try await post("", type: "audio/webm")
            #expect(empty == 400)
        }
    }

    private func withFake(_ body: (DeepgramFake, URL, HTTPClient) async throws -> Void) async throws {
        let fake = DeepgramFake(apiKey: "dg_key")
        let base = try await fake.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await body(fake, base, http)
        } catch {
            try? await http.shutdown()
            await fake.stop()
            throw error
        }
        try await http.shutdown()
        await fake.stop()
    }
}
