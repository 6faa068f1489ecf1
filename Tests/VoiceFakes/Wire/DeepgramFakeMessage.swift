import Foundation

/// What the Deepgram fake's live socket sends, as Deepgram documents it (providers.md §1.2): JSON
/// text frames discriminated by `type`. Written by the fake on its own (not with the production
/// client's types), so a codec bug in the client cannot be mirrored here.
enum DeepgramFakeMessage: Equatable {
    /// One recognised word (`punctuated_word` as heard, `word` lower-cased without punctuation).
    struct Word: Equatable {
        var word: String
        var start: Double
        var end: Double
        var punctuatedWord: String

        var json: [String: Any] {
            ["word": word, "start": start, "end": end, "confidence": 0.98, "punctuated_word": punctuatedWord]
        }
    }

    /// `Results` for the window `[start, start + duration)`.
    case results(start: Double, duration: Double, transcript: String, words: [Word], isFinal: Bool, speechFinal: Bool, fromFinalize: Bool)
    /// `SpeechStarted` (with `vad_events=true`).
    case speechStarted(timestamp: Double)
    /// `UtteranceEnd` (with `utterance_end_ms`).
    case utteranceEnd(lastWordEnd: Double)
    /// `Metadata`, the summary after `CloseStream`.
    case metadata(requestId: String, duration: Double, channels: Int)

    /// Whether it is a final `Results`.
    var isFinal: Bool {
        if case .results(_, _, _, _, let isFinal, _, _) = self { return isFinal }
        return false
    }

    /// The frame's JSON text.
    func jsonText() throws -> String {
        let object: [String: Any]
        switch self {
        case .results(let start, let duration, let transcript, let words, let isFinal, let speechFinal, let fromFinalize):
            object = [
                "type": "Results", "channel_index": [0, 1], "duration": duration, "start": start,
                "is_final": isFinal, "speech_final": speechFinal, "from_finalize": fromFinalize,
                "channel": ["alternatives": [["transcript": transcript, "confidence": 0.98, "words": words.map(\.json)]]],
                "metadata": ["request_id": "fake", "model_uuid": "fake-model",
                             "model_info": ["name": "general-nova-3", "version": "fake", "arch": "nova-3"]],
            ]
        case .speechStarted(let timestamp):
            object = ["type": "SpeechStarted", "channel": [0, 1], "timestamp": timestamp]
        case .utteranceEnd(let lastWordEnd):
            object = ["type": "UtteranceEnd", "channel": [0, 1], "last_word_end": lastWordEnd]
        case .metadata(let requestId, let duration, let channels):
            object = ["type": "Metadata", "transaction_key": "deprecated", "request_id": requestId, "sha256": "fake",
                      "created": "2026-11-27T10:00:00.000Z", "duration": duration, "channels": channels]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The `type` of a client's control message (`KeepAlive`, `Finalize`, `CloseStream`), if it is one.
    static func controlType(_ text: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let type = object["type"] as? String, ["KeepAlive", "Finalize", "CloseStream"].contains(type) else { return nil }
        return type
    }
}
