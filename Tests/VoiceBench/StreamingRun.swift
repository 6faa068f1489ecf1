import Foundation
import VoiceFakes

/// One scripted candidate talking to the real voice process for `turns` turns.
enum StreamingRun {
    /// Speaks `turns` times in real time, streaming silence between utterances as a microphone
    /// does; returns the client-side voice-to-voice of each turn and the server's turn metrics.
    static func run(url: String, turns: Int, into result: inout BenchResult) async {
        let candidate = ScriptedCandidate(url: url)
        candidate.send(text: #"{"type":"start","encoding":"linear16","sampleRate":16000}"#)
        guard await candidate.wait(for: "assistant", timeout: .seconds(30)) else {
            result.failures += turns
            candidate.close()
            return
        }
        await quiet(candidate)
        for _ in 0..<turns {
            let endOfSpeech = await candidate.speak(1.0, silence: 0)
            var answered: ContinuousClock.Instant?
            let deadline = ContinuousClock.now + .seconds(10)
            var tick = ContinuousClock.now
            while ContinuousClock.now < deadline {
                if let first = candidate.firstAudio(after: endOfSpeech) {
                    answered = first
                    break
                }
                candidate.send(binary: FakeAudio.silence(seconds: 0.02))
                tick += .milliseconds(20)
                try? await Task.sleep(until: tick, clock: .continuous)
            }
            guard let answered else {
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

    /// Streams silence until the interviewer's audio has stopped for 250 ms, then reports the end
    /// of playback.
    private static func quiet(_ candidate: ScriptedCandidate) async {
        var tick = ContinuousClock.now
        let deadline = tick + .seconds(20)
        while ContinuousClock.now < deadline {
            if let last = candidate.lastAudioAt, ContinuousClock.now - last > .milliseconds(250) { break }
            candidate.send(binary: FakeAudio.silence(seconds: 0.02))
            tick += .milliseconds(20)
            try? await Task.sleep(until: tick, clock: .continuous)
        }
        candidate.send(text: #"{"type":"playback_finished"}"#)
        try? await Task.sleep(for: .milliseconds(100))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
