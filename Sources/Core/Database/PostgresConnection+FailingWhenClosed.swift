import NIOCore
import PostgresNIO

extension PostgresConnection {
    /// Runs `operation`, which uses this connection, in a task of its own, and returns its result,
    /// unless the connection closes first: PostgresNIO drops a request written after its channel
    /// closed and never answers it, so once the connection is seen closed (checked every 50 ms)
    /// the caller gets ``DatabaseConnectionClosedError`` `grace` later, if the operation has not
    /// finished by then with its own error.
    ///
    /// When the caller is cancelled (a deadline, a stopped job) it returns at once and the
    /// connection is closed: a request still on it must not be answered to nobody, or commit later.
    func failingWhenClosed<T: Sendable>(
        grace: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = DeadlineRace<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let work = Task {
                    let result: Result<T, any Error>
                    do { result = .success(try await operation()) } catch { result = .failure(error) }
                    race.finish(with: result)
                }
                let watch = Task { [self] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(50))
                        if isClosed {
                            try? await Task.sleep(for: grace)
                            if Task.isCancelled { return }
                            race.finish(with: .failure(DatabaseConnectionClosedError()))
                            return
                        }
                    }
                }
                race.attach(continuation: continuation, work: work, timer: watch)
            }
        } onCancel: {
            race.finish(with: .failure(CancellationError()))
            let closing: EventLoopFuture<Void> = close()
            closing.whenComplete { _ in }
        }
    }
}
