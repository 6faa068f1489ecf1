internal import Foundation
internal import Hummingbird
internal import Logging
internal import NIOCore
internal import Synchronization

/// Runs a Hummingbird application on `127.0.0.1:0` for a fake, hands every request (with its
/// body collected) to the fake's handler, and stops on demand.
final class FakeHTTPServer: Sendable {
    /// Handles one request whose body has been read completely.
    typealias Handler = @Sendable (RecordedRequest, FakeConnection) async throws -> Response

    /// The largest request body accepted.
    static let maxRequestBytes = 4 * 1024 * 1024

    private struct Running {
        var task: Task<Void, Never>
        var baseURL: URL
    }

    private let running = Mutex<Running?>(nil)

    /// The base URL while running.
    var baseURL: URL? { running.withLock { $0?.baseURL } }

    /// Starts the server; `handler` answers every request.
    func start(handler: @escaping Handler) async throws -> URL {
        guard baseURL == nil else { throw FakeServerError.alreadyRunning }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<FakeRequestContext> { request, context in
            var request = request
            let body = try await request.collectBody(upTo: Self.maxRequestBytes)
            return try await handler(
                Self.record(request, body: body),
                FakeConnection(channel: context.channel))
        }
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: Logger(label: "provider-fake", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task {
            try? await app.run()
            portContinuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0,
            let url = URL(string: "http://127.0.0.1:\(port)")
        else {
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

    /// Stops the server and waits until it has shut down.
    func stop() async {
        guard let task = running.withLock({ state -> Task<Void, Never>? in
            defer { state = nil }
            return state?.task
        }) else { return }
        task.cancel()
        await task.value
    }

    private static func record(_ request: Request, body: ByteBuffer) -> RecordedRequest {
        let target = request.head.path ?? "/"
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        return RecordedRequest(
            method: request.method.rawValue,
            path: String(parts.first ?? "/"),
            query: parts.count > 1 ? String(parts[1]) : nil,
            headers: headers,
            body: Data(body.readableBytesView),
            receivedAt: .now)
    }
}
