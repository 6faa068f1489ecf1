import Foundation
import Testing
import Voice

@Suite struct ProviderURLTests {

    @Test func deepgramLiveURLHasTheInterviewDefaults() throws {
        let url = try #require(DeepgramLiveOptions().url())
        #expect(url.absoluteString == "wss://api.deepgram.com/v1/listen?model=nova-3&encoding=linear16&sample_rate=16000&channels=1"
            + "&interim_results=true&endpointing=300&utterance_end_ms=1000&vad_events=true&smart_format=true")
    }

    @Test func deepgramLiveURLHonoursEveryOption() throws {
        let options = DeepgramLiveOptions(
            model: "nova-2", encoding: "opus", sampleRate: 48_000, channels: 2, interimResults: false,
            endpointing: .disabled, utteranceEndMilliseconds: nil, vadEvents: false, smartFormat: false,
            language: "en-US", keyterms: ["C++", "Swift NIO"])
        let url = try #require(options.url(base: "ws://127.0.0.1:8081/fake/"))
        #expect(url.absoluteString == "ws://127.0.0.1:8081/fake/v1/listen?model=nova-2&encoding=opus&sample_rate=48000&channels=2"
            + "&interim_results=false&endpointing=false&vad_events=false&smart_format=false&language=en-US"
            + "&keyterm=C%2B%2B&keyterm=Swift%20NIO")
        let items = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems)
        #expect(items.filter { $0.name == "keyterm" }.map(\.value) == ["C++", "Swift NIO"])
    }

    @Test func aBaseThatIsNotAURLGivesNoURL() {
        #expect(DeepgramLiveOptions().url(base: "not a url") == nil)
        #expect(DeepgramSpeakOptions().url(base: "") == nil)
    }

    @Test func auraSpeakURLAsksForRawPCM() throws {
        let url = try #require(DeepgramSpeakOptions().url())
        #expect(url.absoluteString == "https://api.deepgram.com/v1/speak?model=aura-2-thalia-en&encoding=linear16&sample_rate=24000&container=none")
        let custom = try #require(DeepgramSpeakOptions(model: "aura-asteria-en", sampleRate: 16_000).url(base: "http://localhost:9000"))
        #expect(custom.absoluteString == "http://localhost:9000/v1/speak?model=aura-asteria-en&encoding=linear16&sample_rate=16000&container=none")
    }

    @Test func auraSpeakBodyIsText() throws {
        let body = String(decoding: try JSONEncoder().encode(DeepgramSpeakRequest(text: "Your table is booked for seven.")), as: UTF8.self)
        #expect(body == #"{"text":"Your table is booked for seven."}"#)
    }

    @Test func cartesiaURLCarriesTheVersionAndOptionallyTheKey() throws {
        #expect(try #require(CartesiaWebSocketOptions().url()).absoluteString
            == "wss://api.cartesia.ai/tts/websocket?cartesia_version=2025-04-16")
        #expect(try #require(CartesiaWebSocketOptions(version: "2026-03-01").url(base: "ws://localhost:7000", apiKey: "sk_car_x")).absoluteString
            == "ws://localhost:7000/tts/websocket?cartesia_version=2026-03-01&api_key=sk_car_x")
    }
}
