import Foundation
import Testing
import Voice

/// `text` parsed as a JSON object, for order-insensitive comparisons.
func jsonObject(_ text: String) throws -> NSDictionary {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
}

@Suite struct DeepgramMessageTests {

    // MARK: - Server messages (JSON shapes of providers.md §1.2)

    static let results = """
        {"type": "Results",
         "channel_index": [0, 1],
         "duration": 1.02, "start": 3.10,
         "is_final": true, "speech_final": true, "from_finalize": false,
         "channel": {"alternatives": [
           {"transcript": "book a table for two", "confidence": 0.97,
            "words": [{"word": "book", "start": 3.12, "end": 3.30, "confidence": 0.99, "punctuated_word": "Book"}]}]},
         "metadata": {"request_id": "…", "model_uuid": "…",
                      "model_info": {"name": "general-nova-3", "version": "…", "arch": "nova-3"}}}
        """

    @Test func decodesResults() throws {
        guard case .results(let results) = try DeepgramLiveServerMessage.decode(text: Self.results) else {
            Issue.record("not Results")
            return
        }
        #expect(results.channelIndex == [0, 1])
        #expect(results.duration == 1.02)
        #expect(results.start == 3.10)
        #expect(results.isFinal && results.speechFinal && !results.fromFinalize)
        #expect(results.transcript == "book a table for two")
        #expect(results.channel.alternatives.first?.confidence == 0.97)
        #expect(results.channel.alternatives.first?.words == [
            .init(word: "book", start: 3.12, end: 3.30, confidence: 0.99, punctuatedWord: "Book"),
        ])
        #expect(results.lastWordEnd == 3.30)
        #expect(results.metadata?.modelInfo?.name == "general-nova-3")
        #expect(results.metadata?.requestId == "…")
    }

    @Test func decodesInterimResultsWithMissingOptionalFields() throws {
        let text = """
            {"type":"Results","duration":0.5,"start":0.0,"is_final":false,
             "channel":{"alternatives":[{"transcript":"book a"}]}}
            """
        let message = try DeepgramLiveServerMessage.decode(text: text)
        let expected = DeepgramLiveResults(
            channelIndex: [], duration: 0.5, start: 0, isFinal: false,
            channel: .init(alternatives: [.init(transcript: "book a")]))
        #expect(message == .results(expected))
        #expect(expected.lastWordEnd == nil)
    }

    @Test func anEmptyFinalHasAnEmptyTranscript() throws {
        let text = #"{"type":"Results","channel_index":[0,1],"duration":1.0,"start":5.0,"is_final":true,"speech_final":true,"from_finalize":true,"channel":{"alternatives":[]},"metadata":{}}"#
        guard case .results(let results) = try DeepgramLiveServerMessage.decode(Data(text.utf8)) else {
            Issue.record("not Results")
            return
        }
        #expect(results.transcript.isEmpty)
        #expect(results.fromFinalize)
    }

    @Test func decodesUtteranceEndSpeechStartedAndMetadata() throws {
        #expect(try DeepgramLiveServerMessage.decode(text: #"{"type": "UtteranceEnd", "channel": [0, 1], "last_word_end": 4.12}"#)
            == .utteranceEnd(DeepgramUtteranceEnd(channel: [0, 1], lastWordEnd: 4.12)))
        #expect(try DeepgramLiveServerMessage.decode(text: #"{"type": "SpeechStarted", "channel": [0, 1], "timestamp": 2.96}"#)
            == .speechStarted(DeepgramSpeechStarted(channel: [0, 1], timestamp: 2.96)))
        let metadata = """
            {"type": "Metadata", "transaction_key": "deprecated", "request_id": "r-1", "sha256": "abc",
            "created": "2026-11-27T10:00:00.000Z", "duration": 12.5, "channels": 1}
            """
        #expect(try DeepgramLiveServerMessage.decode(text: metadata) == .metadata(DeepgramLiveMetadata(
            transactionKey: "deprecated", requestId: "r-1", sha256: "abc", created: "2026-11-27T10:00:00.000Z",
            duration: 12.5, channels: 1)))
    }

    @Test func decodesErrorFramesLeniently() throws {
        let modern = try DeepgramLiveServerMessage.decode(text: #"{"type":"Error","description":"bad audio","variant":"DATA-0000"}"#)
        #expect(modern == .error(DeepgramLiveErrorMessage(description: "bad audio", variant: "DATA-0000")))
        guard case .error(let legacy) = try DeepgramLiveServerMessage.decode(text: #"{"type":"Error","err_code":"X","err_msg":"oops"}"#) else {
            Issue.record("not Error")
            return
        }
        #expect(legacy.reason == "X: oops")
    }

    @Test func unknownTypesDoNotFail() throws {
        #expect(try DeepgramLiveServerMessage.decode(text: #"{"type":"Warning","description":"x"}"#) == .unknown(type: "Warning"))
    }

    @Test func malformedMessagesThrow() {
        #expect(throws: (any Error).self) { try DeepgramLiveServerMessage.decode(text: #"{"duration": 1}"#) }
        #expect(throws: (any Error).self) { try DeepgramLiveServerMessage.decode(text: #"{"type":"Results","start":1}"#) }
        #expect(throws: (any Error).self) { try DeepgramLiveServerMessage.decode(text: "not json") }
    }

    @Test(arguments: [
        DeepgramLiveServerMessage.results(DeepgramLiveResults(
            duration: 1, start: 2, isFinal: true, speechFinal: true, fromFinalize: true,
            channel: .init(alternatives: [.init(transcript: "hi", confidence: 0.5, words: [.init(word: "hi", start: 2, end: 2.4)])]),
            metadata: .init(requestId: "r", modelUUID: "m", modelInfo: .init(name: "n", version: "v", arch: "a")))),
        .utteranceEnd(.init(lastWordEnd: 1.5)),
        .speechStarted(.init(timestamp: 0.25)),
        .metadata(.init(requestId: "r", duration: 0, channels: 0)),
        .error(.init(description: "d", message: "m", variant: "v")),
        .unknown(type: "Something"),
    ])
    func messagesRoundTripAsAFakeServerWouldSendThem(message: DeepgramLiveServerMessage) throws {
        let text = try message.jsonText()
        #expect(try DeepgramLiveServerMessage.decode(text: text) == message)
    }

    @Test func encodesTheTypeNextToTheFields() throws {
        let text = try DeepgramLiveServerMessage.utteranceEnd(.init(channel: [0, 1], lastWordEnd: 4.12)).jsonText()
        #expect(text == #"{"channel":[0,1],"last_word_end":4.12,"type":"UtteranceEnd"}"#)
    }

    // MARK: - Client control messages

    @Test func controlMessagesAreTypedTextFrames() throws {
        #expect(DeepgramLiveControlMessage.keepAlive.jsonText == #"{"type":"KeepAlive"}"#)
        #expect(DeepgramLiveControlMessage.finalize.jsonText == #"{"type":"Finalize"}"#)
        #expect(DeepgramLiveControlMessage.closeStream.jsonText == #"{"type":"CloseStream"}"#)
        for message in DeepgramLiveControlMessage.allCases {
            let encoded = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
            #expect(encoded == message.jsonText)
            #expect(try JSONDecoder().decode(DeepgramLiveControlMessage.self, from: Data(message.jsonText.utf8)) == message)
        }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(DeepgramLiveControlMessage.self, from: Data(#"{"type":"Speak"}"#.utf8))
        }
    }

    // MARK: - Close frames and REST errors

    @Test func closeFramesAreClassified() {
        #expect(DeepgramLiveClose(code: 1000, reason: "").kind == .normal)
        #expect(!DeepgramLiveClose(code: 1000, reason: "").isError)
        #expect(DeepgramLiveClose(code: 1008, reason: "DATA-0000").kind == .undecodableAudio)
        #expect(DeepgramLiveClose(code: 1002, reason: "DATA-0000 bad audio").kind == .undecodableAudio)
        #expect(DeepgramLiveClose(code: 1011, reason: "NET-0000").kind == .serverTimeout)
        #expect(DeepgramLiveClose(code: 1011, reason: "NET-0001").kind == .clientIdle)
        #expect(DeepgramLiveClose(code: 1006, reason: "").kind == .other)
        #expect(DeepgramLiveClose(code: 1011, reason: "NET-0001").isError)
    }

    @Test func restErrorsParseInEveryShape() {
        let legacy = DeepgramErrorResponse.parse(Data(#"{"err_code": "INVALID_AUTH", "err_msg": "Invalid credentials.", "request_id": "r1"}"#.utf8))
        #expect(legacy == DeepgramErrorResponse(code: "INVALID_AUTH", message: "Invalid credentials.", requestId: "r1"))
        let modern = DeepgramErrorResponse.parse(Data(#"{"category": "INVALID_QUERY", "message": "bad model", "details": "nova-9", "request_id": "r2"}"#.utf8))
        #expect(modern == DeepgramErrorResponse(code: "INVALID_QUERY", message: "bad model", details: "nova-9", requestId: "r2"))
        #expect(DeepgramErrorResponse.parse(Data("  Payment required \n".utf8)) == DeepgramErrorResponse(message: "Payment required"))
        #expect(DeepgramErrorResponse.parse(Data(#"{"unexpected": true}"#.utf8)).message == #"{"unexpected": true}"#)
    }

    @Test func restErrorsEncodeInTheLegacyShape() throws {
        let text = String(decoding: try JSONEncoder().encode(DeepgramErrorResponse(code: "INVALID_AUTH", message: "Invalid credentials.", requestId: "r")), as: UTF8.self)
        #expect(try jsonObject(text) == ["err_code": "INVALID_AUTH", "err_msg": "Invalid credentials.", "request_id": "r"])
    }
}
