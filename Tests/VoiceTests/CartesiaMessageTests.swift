import Foundation
import Testing
import Voice

@Suite struct CartesiaMessageTests {

    /// The generation request of providers.md §3.2.
    static let request = """
        {"model_id": "sonic-2",
         "transcript": "Hello, your order has shipped. ",
         "voice": {"mode": "id", "id": "a0e99841-438c-4a64-b679-ae501e7d6091"},
         "language": "en",
         "context_id": "turn-42",
         "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 24000},
         "continue": true,
         "add_timestamps": true,
         "max_buffer_delay_ms": 300}
        """

    @Test func encodesTheGenerationRequestShape() throws {
        let request = CartesiaGenerationRequest(
            modelId: "sonic-2", transcript: "Hello, your order has shipped. ",
            voice: CartesiaVoice(id: "a0e99841-438c-4a64-b679-ae501e7d6091"), language: "en", contextId: "turn-42",
            outputFormat: .pcm16Mono24kHz, continues: true, addTimestamps: true, maxBufferDelayMilliseconds: 300)
        #expect(try jsonObject(request.jsonText()) == jsonObject(Self.request))
        #expect(try JSONDecoder().decode(CartesiaGenerationRequest.self, from: Data(Self.request.utf8)) == request)
    }

    @Test func aMinimalRequestOmitsUnsetFields() throws {
        let request = CartesiaGenerationRequest(
            transcript: "", voice: CartesiaVoice(id: "v"), language: nil, contextId: "reply-1", continues: false)
        #expect(try request.jsonText() == #"{"context_id":"reply-1","continue":false,"model_id":"sonic-2","#
            + #""output_format":{"container":"raw","encoding":"pcm_s16le","sample_rate":24000},"transcript":"","voice":{"id":"v","mode":"id"}}"#)
    }

    @Test func cancelRequestShape() throws {
        #expect(try jsonObject(CartesiaCancelRequest(contextId: "turn-42").jsonText()) == ["context_id": "turn-42", "cancel": true])
    }

    @Test func decodesAudioChunks() throws {
        let pcm = Data([0x01, 0x00, 0xFF, 0x7F])
        let text = #"{"type":"chunk","context_id":"turn-42","status_code":206,"done":false,"data":"\#(pcm.base64EncodedString())","step_time":41.2,"flush_id":1}"#
        let message = try CartesiaServerMessage.decode(text: text)
        #expect(message == .chunk(CartesiaAudioChunk(contextId: "turn-42", statusCode: 206, done: false, audio: pcm, stepTime: 41.2, flushId: 1)))
        #expect(message.contextId == "turn-42")
        #expect(try CartesiaServerMessage.decode(text: message.jsonText()) == message)
    }

    @Test func invalidBase64Fails() {
        #expect(throws: (any Error).self) {
            try CartesiaServerMessage.decode(text: #"{"type":"chunk","context_id":"c","status_code":206,"done":false,"data":"%%%"}"#)
        }
    }

    @Test func decodesDoneAndFlushDone() throws {
        #expect(try CartesiaServerMessage.decode(text: #"{"type":"done","context_id":"turn-42","status_code":206,"done":true}"#)
            == .done(contextId: "turn-42"))
        #expect(try CartesiaServerMessage.decode(text: #"{"type":"flush_done","context_id":"t","status_code":206,"done":false,"flush_done":true,"flush_id":1}"#)
            == .flushDone(contextId: "t", flushId: 1))
        for message in [CartesiaServerMessage.done(contextId: "a"), .flushDone(contextId: "b", flushId: 3)] {
            #expect(try CartesiaServerMessage.decode(text: message.jsonText()) == message)
        }
    }

    @Test func timestampsAreIgnored() throws {
        let words = #"{"type":"timestamps","context_id":"t","status_code":206,"done":false,"word_timestamps":{"words":["Hello"],"start":[0.0],"end":[0.31]}}"#
        #expect(try CartesiaServerMessage.decode(text: words) == .ignored(type: "timestamps", contextId: "t"))
        let phonemes = #"{"type":"phoneme_timestamps","context_id":"t","status_code":206,"done":false,"phoneme_timestamps":{"phonemes":["h"],"start":[0.0],"end":[0.1]}}"#
        #expect(try CartesiaServerMessage.decode(text: phonemes) == .ignored(type: "phoneme_timestamps", contextId: "t"))
    }

    @Test func decodesLegacyAndStructuredErrors() throws {
        let legacy = try CartesiaServerMessage.decode(text: #"{"type":"error","context_id":"t","status_code":400,"done":true,"error":"transcript is empty"}"#)
        #expect(legacy == .error(CartesiaErrorMessage(contextId: "t", statusCode: 400, error: "transcript is empty")))
        guard case .error(let structured) = try CartesiaServerMessage.decode(text: """
            {"type":"error","done":true,"status_code":429,"error_code":"concurrency_limited","title":"Too many requests",
             "message":"Concurrency limit reached","request_id":"req-1","context_id":"t","doc_url":"https://docs.cartesia.ai"}
            """)
        else {
            Issue.record("not an error")
            return
        }
        #expect(structured.errorCode == "concurrency_limited")
        #expect(structured.requestId == "req-1")
        #expect(structured.docURL == "https://docs.cartesia.ai")
        #expect(structured.reason == "429 concurrency_limited: Too many requests: Concurrency limit reached")
        #expect(try CartesiaServerMessage.decode(text: CartesiaServerMessage.error(structured).jsonText()) == .error(structured))
    }

    @Test func typelessMessagesFail() {
        #expect(throws: (any Error).self) { try CartesiaServerMessage.decode(text: #"{"context_id":"t"}"#) }
    }
}
