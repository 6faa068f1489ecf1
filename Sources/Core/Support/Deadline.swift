import Synchronization

/// An operation (a database call, for instance) that did not answer in time.
public struct DeadlineExceededError: Error, CustomStringConvertible {
    /// What was waited for.
    public let operation: String
    /// How long.
    public let limit: Duration
    /// `… did not finish within …`.
    public var description: String { "\(operation) did not finish within \(limit)" }

    /// An error for `operation` waited on for `limit`.
    public init(operation: String, limit: Duration) {
        self.operation = operation
        self.limit = limit
    }
}

/// Runs `operation` but stops waiting for it after `limit`.
///
/// Unlike a task-group race, this returns even when the operation ignores cancellation (a query
/// on a connection that died without failing its request, for instance): the operation is
/// cancelled and left to finish on its own. Use it only for operations whose late completion is
/// harmless, such as the engine's lease-fenced writes, or that make it harmless themselves
/// (``Database`` closes the connection of a call it stops waiting for).
@discardableResult
public func withDeadline<T: Sendable>(
    _ limit: Duration, _ operationName: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let work = Task {
                let result: Result<T, any Error>
                do { result = .success(try await operation()) } catch { result = .failure(error) }
                race.finish(with: result)
            }
            let timer = Task {
                try? await Task.sleep(for: limit)
                if Task.isCancelled { return }
                race.finish(with: .failure(DeadlineExceededError(operation: operationName, limit: limit)))
            }
            race.attach(continuation: continuation, work: work, timer: timer)
        }
    } onCancel: {
        // The caller stops waiting at once, even if the operation ignores cancellation.
        race.finish(with: .failure(CancellationError()))
    }
}

/// The first of operation, timer and caller cancellation to finish resumes the caller; the
/// others are cancelled.
final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var continuation: CheckedContinuation<T, any Error>?
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

    func finish(with result: Result<T, any Error>) {
        let (continuation, work, timer) = state.withLock { s -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?, Task<Void, Never>?) in
            if s.result != nil { return (nil, nil, nil) }
            s.result = result
            defer { s.continuation = nil }
            return (s.continuation, s.work, s.timer)
        }
        work?.cancel()
        timer?.cancel()
        continuation?.resume(with: result)
    }

    func attach(continuation: CheckedContinuation<T, any Error>, work: Task<Void, Never>, timer: Task<Void, Never>?) {
        let finished = state.withLock { s -> Result<T, any Error>? in
            s.work = work
            s.timer = timer
            if s.result == nil { s.continuation = continuation }
            return s.result
        }
        if let finished {
            work.cancel()
            timer?.cancel()
            continuation.resume(with: finished)
        }
    }
}
