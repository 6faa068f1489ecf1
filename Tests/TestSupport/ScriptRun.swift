import Foundation

/// A child process (a Python client, a browser driver) whose combined output is collected while
/// it runs (Python's unbuffered), with bounded waits for a printed marker and for its exit.
public final class ScriptRun: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var text = ""

    /// Starts `executable` with `arguments`; `environment` is added to this process's environment.
    public init(executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONUNBUFFERED": "1"].merging(environment) { _, new in new }) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    /// Everything the process printed so far.
    public var output: String { lock.withLock { text } }

    /// Waits until `marker` is printed; false when the process ended or `timeout` passed first.
    public func waitFor(_ marker: String, timeout: Duration = .seconds(30)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output.contains(marker) { return true }
            if !process.isRunning { return output.contains(marker) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The exit status, or nil when the process was still running after `timeout` (it is then
    /// terminated).
    public func exitStatus(timeout: Duration = .seconds(40)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                return nil
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }
}
