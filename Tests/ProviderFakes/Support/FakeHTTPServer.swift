internal import Foundation
internal import Hummingbird
internal import Logging
internal import NIOCore

/// An HTTP fake's server (a ``LoopbackServer``): hands every request, with its body collected, to
/// the fake's handler.
final class FakeHTTPServer: Sendable {
    /// Handles one request whose body has been read completely.
    typealias Handler = @Sendable (RecordedRequest, FakeConnection) async throws -> Response

    /// The largest request body accepted.
    static let maxRequestBytes = 4 * 1024 * 1024

    private let server = LoopbackServer()

    /// The base URL while running.
    var baseURL: URL? { server.baseURL }

    /// Starts the server; `handler` answers every request.
    func start(handler: @escaping Handler) async throws -> URL {
        let responder = CallbackResponder<FakeRequestContext> { request, context in
            var request = request
            let body = try await request.collectBody(upTo: Self.maxRequestBytes)
            return try await handler(
                Self.record(request, body: body),
                FakeConnection(channel: context.channel))
        }
        return try await server.start { onServerRunning in
            Application(
                responder: responder,
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning,
                logger: Logger(label: "provider-fake", factory: { _ in SwiftLogNoOpLogHandler() })
            )
        }
    }

    /// Stops the server and waits until it has shut down.
    func stop() async {
        await server.stop()
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
