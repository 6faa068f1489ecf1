import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import Logging
import NIOCore
import Realtime



/// Runs the demo's realtime server inside a live Hummingbird application for one test.
enum TestHarness {
    /// Short heartbeats, with a pong allowance that holds on a loaded machine.
    /// The header naming a test client's address (for the pending-session cap).
    static let testAddressHeader = HTTPField.Name("X-Test-Client-Address")!

    static let fastConfiguration = RealtimeConfiguration(pingInterval: .milliseconds(1000), pingTimeout: .milliseconds(3000))

    static var logger: Logger {
        var logger = Logger(label: "realtime-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["REALTIME_TEST_LOG"] == "debug" ? .debug : .warning
        return logger
    }

    /// Starts a server with `configuration` and the demo hooks, and runs `body` with an HTTP
    /// client that opens a connection per concurrent request.
    static func withServer<Value: Sendable>(
        configuration: RealtimeConfiguration = fastConfiguration,
        _ body: @escaping @Sendable (RealtimeServer<DemoUser>, any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await withServer(DemoApplication.makeRealtimeServer(configuration: configuration, logger: logger), body)
    }

    /// Serves `realtime` (with its own hooks) for one test.
    static func withServer<Principal: Sendable, Value: Sendable>(
        _ realtime: RealtimeServer<Principal>,
        _ body: @escaping @Sendable (RealtimeServer<Principal>, any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let router = Router(context: BasicWebSocketRequestContext.self)
        // The client address comes from a test header (all test clients share 127.0.0.1).
        realtime.register(on: router) { request, _ in request.headers[TestHarness.testAddressHeader] }
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: realtime.webSocketConfiguration)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            services: [realtime],
            logger: logger
        )
        return try await app.test(.ahc(.http)) { client in
            try await body(realtime, client)
        }
    }

    /// Runs `operation`, failing with `TimeoutError` after `duration`.
    static func withTimeout<Value: Sendable>(
        _ duration: Duration = .seconds(10),
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: duration)
                throw TimeoutError()
            }
            guard let value = try await group.next() else { throw TimeoutError() }
            group.cancelAll()
            return value
        }
    }

    /// A test step took too long.
    struct TimeoutError: Error {}
}

/// A hand-rolled Engine.IO polling client over the test client.
struct PollingClient: Sendable {
    let client: any TestClientProtocol
    var sid = ""
    var headers: HTTPFields = [:]

    init(client: any TestClientProtocol, headers: HTTPFields = [:]) {
        self.client = client
        self.headers = headers
    }

    /// A plain request; returns status, headers and body.
    func request(_ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields? = nil, body: String? = nil) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        try await client.execute(uri: uri, method: method, headers: headers ?? self.headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }

    /// Performs the handshake and remembers the sid; returns the open packet's JSON.
    mutating func handshake() async throws -> JSONValue {
        let (status, _, body) = try await request("/socket.io/?EIO=4&transport=polling&t=1")
        guard status == .ok, body.first == "0" else { throw HandshakeError(body: body) }
        let open = try JSONValue(parsing: String(body.dropFirst()))
        sid = open["sid"]?.stringValue ?? ""
        return open
    }

    /// One poll: status and the decoded packets (as text, e.g. `40{"sid":…}`, `2`).
    func poll() async throws -> (HTTPResponse.Status, [String]) {
        let (status, _, body) = try await request("/socket.io/?EIO=4&transport=polling&sid=\(sid)")
        guard status == .ok else { return (status, [body]) }
        return (status, body.split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init))
    }

    /// Polls until a packet satisfying `predicate` arrives, answering pings; returns it.
    func poll(until predicate: (String) -> Bool) async throws -> String {
        for _ in 0..<20 {
            let (status, packets) = try await poll()
            guard status == .ok else { throw HandshakeError(body: "poll failed: \(status) \(packets)") }
            for packet in packets {
                if predicate(packet) { return packet }
                if packet == "2" { _ = try await send("3") }
            }
        }
        throw HandshakeError(body: "packet never arrived")
    }

    /// One POST of `payload` (packets joined with U+001E).
    func send(_ payload: String) async throws -> (HTTPResponse.Status, String) {
        let (status, _, body) = try await request("/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .post, body: payload)
        return (status, body)
    }

    struct HandshakeError: Error {
        var body: String
    }
}
