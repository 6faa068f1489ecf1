import Foundation
import VoiceFakes

/// One scripted candidate talking to the real voice process for `turns` turns.
enum StreamingRun {
    /// Speaks `turns` times in real time, streaming silence between utterances as a microphone
    /// does; returns the client-side voice-to-voice of each turn and the server's turn metrics.
    static func run(url: String, turns: Int, into result: inout BenchResult) async {
        let candidate = ScriptedCandidate(url: url)
        candidate.send(text: #"{"type":"start","encoding":"linear16","sampleRate":16000}"#)
        let microphone = Microphone { voiced in
            candidate.send(binary: voiced ? FakeAudio.speech(seconds: 0.02) : FakeAudio.silence(seconds: 0.02))
        }
        defer { microphone.stop() }
        guard await candidate.wait(for: "assistant", timeout: .seconds(30)) else {
            result.failures += turns
            candidate.close()
            return
        }
        await quiet(candidate)
        for _ in 0..<turns {
            let endOfSpeech = await microphone.speak(seconds: 1.0)
            guard await candidate.wait(timeout: .seconds(10), until: { $0.firstAudio(after: endOfSpeech) != nil }),
                let answered = candidate.firstAudio(after: endOfSpeech)
            else {
                result.failures += 1
                continue
            }
            result.clientVoiceToVoice.append(milliseconds(answered - endOfSpeech))
            await quiet(candidate)
        }
        for metrics in candidate.events("turn_metrics") {
            if let value = metrics.numbers["voiceToVoiceMs"] { result.serverVoiceToVoice.append(value) }
            if let value = metrics.numbers["serverOverheadMs"] { result.serverOverhead.append(value) }
        }
        candidate.send(text: #"{"type":"end"}"#)
        await candidate.waitClosed(timeout: .seconds(10))
    }

    /// Waits until the interviewer's audio has stopped for 250 ms, then reports the end of
    /// playback (as a client does once its queue drains) and pauses a moment.
    private static func quiet(_ candidate: ScriptedCandidate) async {
        await candidate.wait(timeout: .seconds(30)) { candidate in
            guard let last = candidate.lastAudioAt else { return false }
            return ContinuousClock.now - last > .milliseconds(250)
        }
        candidate.send(text: #"{"type":"playback_finished"}"#)
        try? await Task.sleep(for: .milliseconds(200))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
