import Foundation
import VoiceFakes

extension ScriptedCandidate {
    /// Declares the default audio format.
    func start() {
        send(text: #"{"type":"start","encoding":"linear16","sampleRate":16000}"#)
    }

    /// Waits until the interviewer's audio has stopped for 250 ms, then reports the end of
    /// playback (as a real client does once its audio queue drains).
    func finishPlayback(timeout: Duration = .seconds(10)) async {
        await wait(timeout: timeout) { candidate in
            guard let last = candidate.lastAudioAt else { return false }
            return ContinuousClock.now - last > .milliseconds(250)
        }
        send(text: #"{"type":"playback_finished"}"#)
        try? await Task.sleep(for: .milliseconds(50))
    }
}
