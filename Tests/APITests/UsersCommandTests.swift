@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import TestSupport
import Testing

/// `vantahire users create|set-role`, run as the real binary with the password on standard
/// input, against the API's database and Redis.
@Suite struct UsersCommandTests {
    @Test(.timeLimit(.minutes(3)))
    func theFirstAdministratorIsCreatedAndDemotedWithoutSQL() async throws {
        try await RedisServerProcess.withServer { redisServer in
            let redis = HiredisClient(configuration: try RedisConfiguration(url: redisServer.url))
            try await APIHarness.with(extra: ["REDIS_URL": redisServer.url], redis: redis) { api in
                let env = ["DATABASE_URL": api.db.url.urlString, "REDIS_URL": redisServer.url, "NODE_ENV": "test", "LOG_LEVEL": "error",
                           "BCRYPT_COST": "5"]
                func users(_ arguments: [String], input: String? = nil) async throws -> Executable.Result {
                    try await Executable.run(["users"] + arguments, environment: env, input: input)
                }

                let created = try await users(["create", "--email", "Root@Example.com", "--role", "admin"], input: "a long admin password\n")
                #expect(created.status == 0, "\(created.stderr)")
                #expect(created.stdout.contains("Created admin root@example.com"))
                let hash = try await api.scalar("SELECT password_hash FROM users WHERE email = 'root@example.com' AND role = 'ADMIN'", as: String.self)
                #expect(hash?.hasPrefix("$2b$05$") == true, "hashed at BCRYPT_COST: \(hash ?? "none")")

                // The same rules and refusals as sign-up, each with one clear line and its exit code.
                let taken = try await users(["create", "--email", "root@example.com", "--role", "recruiter"], input: "another long password\n")
                #expect(taken.status == 4)
                #expect(taken.stderr.contains("an account with this email already exists"))
                let short = try await users(["create", "--email", "short@example.com", "--role", "admin"], input: "short\n")
                #expect(short.status == 64)
                #expect(short.stderr.contains("must be at least 8 characters"))
                let none = try await users(["create", "--email", "none@example.com", "--role", "admin"])
                #expect(none.status == 64)
                #expect(none.stderr.contains("no password on standard input"))
                let badEmail = try await users(["create", "--email", "not-an-email", "--role", "admin"], input: "a long enough password\n")
                #expect(badEmail.status == 64)
                let badRole = try await users(["create", "--email", "x@example.com", "--role", "owner"], input: "a long enough password\n")
                #expect(badRole.status == 64)
                #expect(try await api.scalar("SELECT count(*)::int8 FROM users", as: Int64.self) == 1)

                // The new admin signs in through the API.
                let signIn = try await api.request(.post, "/auth/signin", json: #"{"email":"root@example.com","password":"a long admin password"}"#)
                #expect(signIn.status == .ok)
                let token = try #require(signIn.object["token"] as? String)
                #expect(try await api.request(.get, "/admin/users", token: token).status == .ok)

                // Demoted by the command: the existing (cached) session loses admin power at once.
                let demoted = try await users(["set-role", "--email", "ROOT@example.com", "--role", "recruiter"])
                #expect(demoted.status == 0, "\(demoted.stderr)")
                #expect(demoted.stdout.contains("root@example.com: admin → recruiter"))
                let refused = try await api.request(.get, "/admin/users", token: token)
                #expect(refused.status == .forbidden)
                #expect(try await api.request(.get, "/auth/me", token: token).object["user"].flatMap { ($0 as? [String: Any])?["role"] as? String } == "RECRUITER")

                let missing = try await users(["set-role", "--email", "ghost@example.com", "--role", "admin"])
                #expect(missing.status == 3)
                #expect(missing.stderr.contains("no account has this email"))
            }
            await redis.shutdown()
        }
    }

    @Test func aPasswordEndingInCRLFIsReadWithoutTheCarriageReturn() async throws {
        try await APIHarness.with { api in
            let env = ["DATABASE_URL": api.db.url.urlString, "NODE_ENV": "test", "LOG_LEVEL": "error", "BCRYPT_COST": "4"]
            let created = try await Executable.run(["users", "create", "--email", "crlf@example.com", "--role", "recruiter"], environment: env,
                                                   input: "windows password\r\n")
            #expect(created.status == 0, "\(created.stderr)")
            let signIn = try await api.request(.post, "/auth/signin", json: #"{"email":"crlf@example.com","password":"windows password"}"#)
            #expect(signIn.status == .ok)
        }
    }
}

/// `vantahire users create` on a terminal (a pseudo-terminal from util-linux `script`): it prompts
/// twice without echoing what is typed.
@Suite struct UsersCommandTerminalTests {
    /// The process's combined output, collected as it comes.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ data: Data) { lock.withLock { text += String(decoding: data, as: UTF8.self) } }
        var value: String { lock.withLock { text } }

        func waitFor(_ marker: String, timeout: Duration = .seconds(30)) async throws -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if value.contains(marker) { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return value.contains(marker)
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script"), .timeLimit(.minutes(2)))
    func onATerminalThePasswordIsPromptedTwiceWithoutEcho() async throws {
        try await APIHarness.with { api in
            let binary = try Executable.path()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", "\(binary) users create --email tty@example.com --role recruiter", "/dev/null"]
            process.environment = ["DATABASE_URL": api.db.url.urlString, "NODE_ENV": "test", "LOG_LEVEL": "error", "BCRYPT_COST": "4",
                                   "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TERM": "dumb"]
            process.currentDirectoryURL = FileManager.default.temporaryDirectory
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            let collected = Output()
            output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            let secret = "typed on a terminal"
            // Type each line only once its prompt is shown (echo is off by then).
            #expect(try await collected.waitFor("Password: "), "\(collected.value)")
            input.fileHandleForWriting.write(Data("\(secret)\n".utf8))
            #expect(try await collected.waitFor("Repeat the password: "), "\(collected.value)")
            input.fileHandleForWriting.write(Data("\(secret)\n".utf8))
            #expect(try await collected.waitFor("Created recruiter tty@example.com"), "\(collected.value)")
            let deadline = ContinuousClock.now + .seconds(20)
            while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(process.terminationStatus == 0)
            #expect(!collected.value.contains(secret), "the password was echoed: \(collected.value)")
            let signIn = try await api.request(.post, "/auth/signin", json: #"{"email":"tty@example.com","password":"\#(secret)"}"#)
            #expect(signIn.status == .ok)
        }
    }
}
