import Foundation
import Synchronization
import VoiceFakes

/// A microphone: sends a 20 ms linear16 frame every 20 ms for as long as it runs, voice while
/// ``speaking`` is set and silence otherwise, like a real client's audio stream.
final class Microphone: Sendable {
    private let speaking = Mutex(false)
    private let lastVoicedFrame = Mutex<ContinuousClock.Instant?>(nil)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts streaming through `send`.
    init(send: @escaping @Sendable (Bool) -> Void) {
        let started = Task { [self] in await stream(send) }
        task.withLock { $0 = started }
    }

    private func stream(_ send: @Sendable (Bool) -> Void) async {
        var tick = ContinuousClock.now
        while !Task.isCancelled {
            let voiced = speaking.withLock { $0 }
            send(voiced)
            if voiced { lastVoicedFrame.withLock { $0 = .now } }
            tick += .milliseconds(20)
            try? await Task.sleep(until: tick, clock: .continuous)
        }
    }

    /// Speaks for `seconds`; returns when the last voiced frame was sent.
    func speak(seconds: Double) async -> ContinuousClock.Instant {
        speaking.withLock { $0 = true }
        try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
        speaking.withLock { $0 = false }
        try? await Task.sleep(for: .milliseconds(25))
        return lastVoicedFrame.withLock { $0 } ?? .now
    }

    /// Stops streaming.
    func stop() {
        task.withLock { $0?.cancel() }
    }
}
