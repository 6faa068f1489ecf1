public import Foundation
public import Hummingbird
public import NIOCore
internal import Synchronization

/// Runs one Hummingbird application on `127.0.0.1` at a port the system picks, and stops it on
/// demand: the one server helper of every provider fake (HTTP ones through `FakeHTTPServer`,
/// WebSocket ones with their own router) and of tests that serve an application of their own.
public final class LoopbackServer: Sendable {
    private struct Running {
        var task: Task<Void, Never>
        var baseURL: URL
    }

    private let running = Mutex<Running?>(nil)

    /// A server that is not running yet.
    public init() {}

    /// The base URL while running, `http://127.0.0.1:<port>`.
    public var baseURL: URL? { running.withLock { $0?.baseURL } }

    /// Starts the application `make` builds; `make` must pass the `onServerRunning` it is given to
    /// the application. Returns the base URL.
    ///
    /// - Throws: ``FakeServerError``.
    public func start<App: ApplicationProtocol>(
        _ make: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) throws -> App
    ) async throws -> URL {
        guard baseURL == nil else { throw FakeServerError.alreadyRunning }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try make { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }
        let task = Task {
            try? await app.run()
            portContinuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
            task.cancel()
            await task.value
            throw FakeServerError.failedToStart
        }
        let stored = running.withLock { state -> Bool in
            guard state == nil else { return false }
            state = Running(task: task, baseURL: url)
            return true
        }
        guard stored else {
            task.cancel()
            await task.value
            throw FakeServerError.alreadyRunning
        }
        return url
    }

    /// Stops the server and waits until it has shut down; does nothing when it is not running.
    public func stop() async {
        guard let task = running.withLock({ state -> Task<Void, Never>? in
            defer { state = nil }
            return state?.task
        }) else { return }
        task.cancel()
        await task.value
    }
}
