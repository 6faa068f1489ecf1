internal import Synchronization

/// Remembers when an operation last made progress, for ``withIdleTimeout(_:operation:)``.
final class ProgressMonitor: Sendable {
    private let lastProgress: Mutex<ContinuousClock.Instant>

    init() {
        lastProgress = Mutex(ContinuousClock.now)
    }

    /// Records that the operation made progress now (for example, a body chunk arrived).
    func recordProgress() {
        lastProgress.withLock { $0 = ContinuousClock.now }
    }

    /// When the operation last made progress.
    var lastProgressInstant: ContinuousClock.Instant {
        lastProgress.withLock { $0 }
    }
}
