import Foundation

/// Runs the built `vantahire` executable as a child process.
public struct Executable: Sendable {
    /// What a finished run printed and returned.
    public struct Result: Sendable {
        /// Exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
    }

    /// Path of the binary built next to the test bundle.
    public static func path() throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("vantahire").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = FileManager.default.currentDirectoryPath + "/.build/debug/vantahire"
        if FileManager.default.isExecutableFile(atPath: fallback) { return fallback }
        throw TestEnvironmentError("the vantahire executable was not built (run `swift build --build-tests`)")
    }

    /// Starts `vantahire arguments…` with exactly `environment` (plus PATH) in a temporary directory.
    public static func start(_ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = env
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        return process
    }

    /// Runs `vantahire arguments…` to completion; `input`, when given, is its standard input (a
    /// pipe, closed after it), otherwise standard input is empty.
    public static func run(_ arguments: [String], environment: [String: String], input: String? = nil,
                           timeout: Duration = .seconds(60)) async throws -> Result {
        let process = try start(arguments, environment: environment)
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + timeout
        // Drain pipes while waiting so a chatty child never blocks on a full pipe.
        async let stdoutData = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderrData = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }.value
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: await stdoutData, as: UTF8.self),
            stderr: String(decoding: await stderrData, as: UTF8.self)
        )
    }
}
