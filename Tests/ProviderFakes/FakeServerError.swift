/// Why a fake could not be started.
public enum FakeServerError: Error, Sendable, Equatable {
    /// The fake is already running; stop it first.
    case alreadyRunning
    /// The HTTP server did not come up (for example, no loopback address could be bound).
    case failedToStart
}
