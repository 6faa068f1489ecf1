import Synchronization

/// A database call that did not answer in time.
public struct DeadlineExceededError: Error, CustomStringConvertible {
    /// What was waited for.
    public let operation: String
    /// How long.
    public let limit: Duration
    /// `… did not finish within …`.
    public var description: String { "\(operation) did not finish within \(limit)" }
}

/// Runs `operation` but stops waiting for it after `limit`.
///
/// Unlike a task-group race, this returns even when the operation ignores cancellation (a query
/// on a connection that died without failing its request, for instance): the operation is
/// cancelled and left to finish on its own. Use it only for operations whose late completion is
/// harmless, such as the engine's lease-fenced writes.
@discardableResult
func withDeadline<T: Sendable>(
    _ limit: Duration, _ operationName: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = DeadlineRace()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let work = Task {
                let result: Result<T, any Error>
                do { result = .success(try await operation()) } catch { result = .failure(error) }
                if race.finish() { continuation.resume(with: result) }
            }
            let timer = Task {
                try? await Task.sleep(for: limit)
                if Task.isCancelled { return }
                if race.finish() {
                    work.cancel()
                    continuation.resume(throwing: DeadlineExceededError(operation: operationName, limit: limit))
                }
            }
            race.attach(work: work, timer: timer)
        }
    } onCancel: {
        race.cancelWork()
    }
}

/// Who finished first, the operation or its timer; the loser's task is cancelled.
final class DeadlineRace: Sendable {
    private struct State {
        var finished = false
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Returns `true` for the first caller only, and cancels the timer.
    func finish() -> Bool {
        let (first, timer) = state.withLock { s -> (Bool, Task<Void, Never>?) in
            if s.finished { return (false, nil) }
            s.finished = true
            return (true, s.timer)
        }
        timer?.cancel()
        return first
    }

    func attach(work: Task<Void, Never>, timer: Task<Void, Never>) {
        let finished = state.withLock { s -> Bool in
            s.work = work
            s.timer = timer
            return s.finished
        }
        if finished { timer.cancel() }
    }

    func cancelWork() {
        state.withLock { $0.work }?.cancel()
    }
}
