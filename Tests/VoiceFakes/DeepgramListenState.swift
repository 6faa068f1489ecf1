import Foundation

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
    mutating func audio(_ voiced: Bool, bytes: Int, nextUtterance: () -> String) -> [DeepgramFakeMessage] {
        var out: [DeepgramFakeMessage] = []
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
                if vadEvents { out.append(.speechStarted(timestamp: audioTime)) }
            }
            lastVoiced = end
            if interimResults && end - lastInterimAt >= 0.25 {
                let reveal = min(words.count, max(1, Int((lastVoiced - speechStart) / 0.2)))
                if reveal > revealed {
                    revealed = reveal
                    out.append(results(words: Array(words.prefix(reveal)), isFinal: false))
                }
                lastInterimAt = end
            }
        } else if inSpeech, let endpointing, end - lastVoiced >= endpointing {
            out.append(finish(speechFinal: true, fromFinalize: false))
        }
        audioTime = end
        if let pending = pendingUtteranceEnd, let utteranceEnd, audioTime - pending >= utteranceEnd {
            out.append(.utteranceEnd(lastWordEnd: pending))
            pendingUtteranceEnd = nil
        }
        return out
    }

    /// `Finalize`: everything heard so far becomes final (`from_finalize: true`).
    mutating func finalize() -> DeepgramFakeMessage {
        guard inSpeech else {
            return .results(start: audioTime, duration: 0, transcript: "", words: [], isFinal: true, speechFinal: false, fromFinalize: true)
        }
        return finish(speechFinal: false, fromFinalize: true)
    }

    /// `CloseStream`: the pending utterance, if any.
    mutating func flush() -> [DeepgramFakeMessage] {
        inSpeech ? [finish(speechFinal: true, fromFinalize: false)] : []
    }

    private mutating func finish(speechFinal: Bool, fromFinalize: Bool) -> DeepgramFakeMessage {
        inSpeech = false
        pendingUtteranceEnd = lastVoiced
        return results(words: words, isFinal: true, speechFinal: speechFinal, fromFinalize: fromFinalize)
    }

    private func results(words: [String], isFinal: Bool, speechFinal: Bool = false, fromFinalize: Bool = false) -> DeepgramFakeMessage {
        let span = max(0.01, lastVoiced - speechStart)
        let step = span / Double(max(1, words.count))
        let timed = words.enumerated().map { index, word in
            DeepgramFakeMessage.Word(
                word: word.lowercased().trimmingCharacters(in: .punctuationCharacters),
                start: speechStart + Double(index) * step, end: speechStart + Double(index + 1) * step, punctuatedWord: word)
        }
        return .results(start: speechStart, duration: span, transcript: words.joined(separator: " "), words: timed,
                        isFinal: isFinal, speechFinal: speechFinal, fromFinalize: fromFinalize)
    }
}
