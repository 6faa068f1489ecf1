/// Runs `operation`, cancelling it and throwing ``IdleTimeoutError`` if it goes `interval` without
/// calling ``ProgressMonitor/recordProgress()``.
///
/// Used to enforce a read timeout on a response body: the operation records progress for every
/// chunk that arrives, so a long stream is fine while bytes keep flowing and a stalled one fails.
func withIdleTimeout<Value: Sendable>(
    _ interval: Duration,
    operation: @escaping @Sendable (ProgressMonitor) async throws -> Value
) async throws -> Value {
    let monitor = ProgressMonitor()
    return try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask {
            try await operation(monitor)
        }
        group.addTask {
            while !Task.isCancelled {
                try await Task.sleep(until: monitor.lastProgressInstant + interval, clock: .continuous)
                if monitor.lastProgressInstant + interval <= ContinuousClock.now {
                    throw IdleTimeoutError(interval: interval)
                }
            }
            return nil
        }
        defer { group.cancelAll() }
        while let result = try await group.next() {
            if let value = result { return value }
        }
        throw CancellationError()
    }
}
