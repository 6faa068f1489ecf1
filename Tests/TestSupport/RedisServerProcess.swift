import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A throw-away `redis-server` for tests, on a free loopback port, with persistence disabled.
///
/// Each instance is its own process, so tests using different instances are parallel-safe.
/// Call ``stop()`` when done (the process is also terminated when the instance is deallocated).
public final class RedisServerProcess: Sendable {
    /// Errors starting the server.
    public struct StartError: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// The TCP port the server listens on (kept across ``restart()``).
    public let port: Int
    /// The `requirepass` password, if any.
    public let password: String?
    /// Path of the `redis-server` executable in use.
    public let executable: String

    private let process = Mutex<Process?>(nil)

    /// `redis://[:password@]127.0.0.1:port`.
    public var url: String {
        if let password {
            let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
            return "redis://:\(encoded)@127.0.0.1:\(port)"
        }
        return "redis://127.0.0.1:\(port)"
    }

    private init(port: Int, password: String?, executable: String) {
        self.port = port
        self.password = password
        self.executable = executable
    }

    deinit {
        process.withLock { process in
            if let process, process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
        }
    }

    /// Starts a server on a free port (optionally with `--requirepass password`) and waits until it accepts connections.
    public static func start(password: String? = nil) async throws -> RedisServerProcess {
        let executable = try locateRedisServer()
        var lastError: (any Error)?
        // Another process may grab the free port between probing and binding; try a few.
        for _ in 0..<5 {
            let server = RedisServerProcess(port: try freePort(), password: password, executable: executable)
            do {
                try await server.launch()
                return server
            } catch {
                lastError = error
                await server.stop()
            }
        }
        throw lastError ?? StartError(description: "could not start redis-server")
    }

    /// Starts a server, runs `body` with it, and stops the server afterwards (also when `body` throws).
    public static func withServer<T>(
        password: String? = nil,
        _ body: (RedisServerProcess) async throws -> T
    ) async throws -> T {
        let server = try await start(password: password)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops the server and waits until it has exited. Idempotent.
    ///
    /// Uses SIGKILL: a child spawned by Foundation's `Process` inherits the spawning thread's signal
    /// mask, in which SIGTERM may be blocked. With persistence disabled nothing is lost, and clients
    /// see the connection drop just as with a crashed server.
    public func stop() async {
        guard let running = process.withLock({ process -> Process? in
            defer { process = nil }
            return process
        }) else {
            return
        }
        if running.isRunning {
            kill(running.processIdentifier, SIGKILL)
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while running.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Stops the server and starts a fresh one (empty data set) on the same port.
    public func restart() async throws {
        await stop()
        try await launch()
    }

    private func launch() async throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        var arguments = [
            "--port", String(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--loglevel", "warning",
        ]
        if let password {
            arguments += ["--requirepass", password]
        }
        child.arguments = arguments
        child.standardInput = FileHandle.nullDevice
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        process.withLock { $0 = child }

        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard child.isRunning else {
                throw StartError(description: "redis-server exited with status \(child.terminationStatus) (port \(port))")
            }
            if Self.acceptsConnections(port: port) {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartError(description: "redis-server did not accept connections on port \(port) within 10 s")
    }

    private static func locateRedisServer() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        let fallback = "/usr/bin/redis-server"
        if FileManager.default.isExecutableFile(atPath: fallback) {
            return fallback
        }
        throw StartError(description: "redis-server not found on PATH or at \(fallback) (apt-get install redis-server)")
    }

    /// A TCP port that was free a moment ago: bind a socket to port 0 and read back the port.
    static func freePort() throws -> Int {
        let socket = try makeSocket()
        defer { close(socket) }
        var address = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            throw StartError(description: "bind to 127.0.0.1:0 failed (errno \(errno))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(socket, $0, &length)
            }
        }
        guard named == 0 else {
            throw StartError(description: "getsockname failed (errno \(errno))")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether a TCP connection to 127.0.0.1:`port` succeeds right now (loopback, so it never blocks long).
    private static func acceptsConnections(port: Int) -> Bool {
        guard let socket = try? makeSocket() else {
            return false
        }
        defer { close(socket) }
        var address = loopbackAddress(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    private static func makeSocket() throws -> Int32 {
        #if canImport(Glibc)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #elseif canImport(Musl)
        let socket = Musl.socket(AF_INET, Int32(SOCK_STREAM), 0)
        #else
        let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else {
            throw StartError(description: "socket() failed (errno \(errno))")
        }
        return socket
    }

    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
