import Foundation
import Voice

/// The fake recognizer of one `/v1/listen` socket: energy-based voice detection on linear16
/// audio, words taken from the fake's script, results timed in audio time.
struct DeepgramListenState {
    var sampleRate: Int
    var channels: Int
    var endpointing: Double?
    var interimResults: Bool
    var utteranceEnd: Double?
    var vadEvents: Bool

    var audioTime = 0.0
    var inSpeech = false
    var speechStart = 0.0
    var lastVoiced = 0.0
    var words: [String] = []
    var revealed = 0
    var lastInterimAt = 0.0
    var pendingUtteranceEnd: Double?

    /// Results of one audio frame; `finalIndex` marks the first final (delayed by the latency).
    mutating func audio(_ voiced: Bool, bytes: Int, nextUtterance: () -> String) -> [DeepgramLiveServerMessage] {
        var out: [DeepgramLiveServerMessage] = []
        let duration = Double(bytes / 2 / max(1, channels)) / Double(sampleRate)
        let end = audioTime + duration
        if voiced {
            if !inSpeech {
                inSpeech = true
                speechStart = audioTime
                words = nextUtterance().split(separator: " ").map(String.init)
                revealed = 0
                lastInterimAt = audioTime
                pendingUtteranceEnd = nil
                if vadEvents { out.append(.speechStarted(DeepgramSpeechStarted(timestamp: audioTime))) }
            }
            lastVoiced = end
            if interimResults && end - lastInterimAt >= 0.25 {
                let reveal = min(words.count, max(1, Int((lastVoiced - speechStart) / 0.2)))
                if reveal > revealed {
                    revealed = reveal
                    out.append(.results(results(words: Array(words.prefix(reveal)), isFinal: false)))
                }
                lastInterimAt = end
            }
        } else if inSpeech, let endpointing, end - lastVoiced >= endpointing {
            out.append(.results(finish(speechFinal: true, fromFinalize: false)))
        }
        audioTime = end
        if let pending = pendingUtteranceEnd, let utteranceEnd, audioTime - pending >= utteranceEnd {
            out.append(.utteranceEnd(DeepgramUtteranceEnd(lastWordEnd: pending)))
            pendingUtteranceEnd = nil
        }
        return out
    }

    /// `Finalize`: everything heard so far becomes final (`from_finalize: true`).
    mutating func finalize() -> DeepgramLiveServerMessage {
        guard inSpeech else {
            return .results(DeepgramLiveResults(
                duration: 0, start: audioTime, isFinal: true, fromFinalize: true,
                channel: .init(alternatives: [.init(transcript: "", confidence: 0, words: [])])))
        }
        return .results(finish(speechFinal: false, fromFinalize: true))
    }

    /// `CloseStream`: the pending utterance, if any.
    mutating func flush() -> [DeepgramLiveServerMessage] {
        inSpeech ? [.results(finish(speechFinal: true, fromFinalize: false))] : []
    }

    private mutating func finish(speechFinal: Bool, fromFinalize: Bool) -> DeepgramLiveResults {
        inSpeech = false
        pendingUtteranceEnd = lastVoiced
        var results = results(words: words, isFinal: true)
        results.speechFinal = speechFinal
        results.fromFinalize = fromFinalize
        return results
    }

    private func results(words: [String], isFinal: Bool) -> DeepgramLiveResults {
        let span = max(0.01, lastVoiced - speechStart)
        let step = span / Double(max(1, words.count))
        let timed = words.enumerated().map { index, word in
            DeepgramLiveResults.Word(
                word: word.lowercased().trimmingCharacters(in: .punctuationCharacters),
                start: speechStart + Double(index) * step, end: speechStart + Double(index + 1) * step,
                confidence: 0.98, punctuatedWord: word)
        }
        return DeepgramLiveResults(
            duration: span, start: speechStart, isFinal: isFinal,
            channel: .init(alternatives: [.init(transcript: words.joined(separator: " "), confidence: 0.98, words: timed)]),
            metadata: .init(requestId: "fake", modelUUID: "fake-model", modelInfo: .init(name: "general-nova-3", version: "fake", arch: "nova-3")))
    }
}
