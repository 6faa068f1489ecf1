import Synchronization

/// Counts a server's open connections and admits new ones up to a cap (`HTTP_MAX_CONNECTIONS`).
///
/// Shared by every connection of one server through ``GuardedServerChildChannel``.
public final class ConnectionLimiter: Sendable {
    /// The most connections open at once.
    public let limit: Int
    private let open = Atomic<Int>(0)

    /// A limiter admitting at most `limit` connections.
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Connections open now.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Counts one more connection if there is room; `false` when the cap is reached.
    func admit() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = open.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// A counted connection closed.
    func release() {
        open.subtract(1, ordering: .relaxed)
    }
}
