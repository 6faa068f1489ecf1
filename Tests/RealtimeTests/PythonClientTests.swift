import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Realtime
import Synchronization
import Testing



/// Runs `Tests/Python/e2e_client.py` — the real `python-socketio` client from PyPI — against the
/// demo server. The client lives in the package's `.venv` (see the README); without it the test
/// is skipped, unless `REALTIME_REQUIRE_E2E=1` makes its absence a failure.
@Suite struct PythonClientTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = packageRoot.appendingPathComponent(".venv/bin/python")
    static let script = packageRoot.appendingPathComponent("Tests/Python/e2e_client.py")
    static let isRequired = ProcessInfo.processInfo.environment["REALTIME_REQUIRE_E2E"] == "1"
    static let isAvailable = FileManager.default.isExecutableFile(atPath: python.path)

    @Test(.enabled(if: isAvailable || isRequired, "needs .venv with python-socketio"), .timeLimit(.minutes(2)))
    func pythonSocketIOClientPassesEveryScenario() async throws {
        try #require(Self.isAvailable, "create .venv: python3 -m venv .venv && .venv/bin/pip install 'python-socketio[client]' websocket-client requests")
        let configuration = RealtimeConfiguration(pingInterval: .milliseconds(1000), pingTimeout: .milliseconds(2000))
        let app = DemoApplication.makeApplication(host: "127.0.0.1", port: 0, configuration: configuration, logger: TestHarness.logger)
        let (status, output) = try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await Self.run(arguments: [Self.script.path, "http://127.0.0.1:\(port)"], timeout: .seconds(90))
        }
        let lines = output.split(separator: "\n").map(String.init)
        for name in [
            "a-websocket-auth-payload", "b-polling-authorization-header", "c-polling-then-upgrade-cookie",
            "d-bad-token-connect-error", "e-foreign-room-refused", "f-sessions-cleaned-up",
        ] {
            #expect(lines.contains("PASS \(name)"), "scenario \(name) did not pass:\n\(output)")
        }
        #expect(lines.last == "e2e: 6 passed, 0 failed", "\(output)")
        #expect(status == 0, "exit status \(status):\n\(output)")
    }

    /// Runs the venv's python with `arguments`; returns its exit status and combined output.
    static func run(arguments: [String], timeout: Duration) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONUNBUFFERED": "1"]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let collected = OutputCollector()
        output.fileHandleForReading.readabilityHandler = { handle in
            collected.append(handle.availableData)
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                continuation.resume(returning: process.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            Task {
                try? await Task.sleep(for: timeout)
                if process.isRunning, process.processIdentifier == pid {
                    process.terminate()
                }
            }
        }
        output.fileHandleForReading.readabilityHandler = nil
        collected.append(output.fileHandleForReading.readDataToEndOfFile())
        return (status, collected.text)
    }

    /// Gathers a child process's output from the pipe's handler thread.
    final class OutputCollector: Sendable {
        private let data = Mutex(Data())

        func append(_ chunk: Data) {
            data.withLock { $0.append(chunk) }
        }

        var text: String {
            data.withLock { String(decoding: $0, as: UTF8.self) }
        }
    }
}
