import API
import ArgumentParser
import Core
import Domain
import Foundation
import Logging
import PostgresNIO

/// `vantahire users …`: create accounts (the first administrator among them) and change roles
/// without SQL.
///
/// Exit codes: 0 success, 1 failure (e.g. database unreachable), 3 no account has the email,
/// 4 the email is taken, 64 bad usage (an invalid email, password or role), 78 configuration error.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Create accounts and change their roles.",
        discussion: """
            The password is read from standard input when it is not a terminal \
            (printf '%s\\n' "$PASSWORD" | vantahire users create --email … --role admin), otherwise \
            prompted for without echo; never from the command line. \
            Exit codes: 0 success, 1 failure, 3 no such account, 4 email taken, 64 bad usage, 78 configuration error.
            """,
        subcommands: [Create.self, SetRole.self]
    )

    /// A role as given on the command line (`admin`, `RECRUITER`, …).
    struct RoleOption: ExpressibleByArgument {
        var role: UserRole

        init?(argument: String) {
            guard let role = UserRole(rawValue: argument.uppercased()) else { return nil }
            self.role = role
        }

        static var allValueStrings: [String] { UserRole.allCases.map { $0.rawValue.lowercased() } }
    }

    /// Runs `body` with the accounts of the configured database (and Redis); maps refusals to
    /// exit codes with one line on standard error.
    static func withAccounts(_ body: @escaping @Sendable (UserAccounts, Logger) async throws -> Void) async throws {
        let configuration = try Bootstrap.configuration()
        let registry = Observability.bootstrap(logLevel: .error, format: configuration.logFormat)
        let logger = {
            var logger = Logger(label: "vantahire.users")
            logger.logLevel = .error
            return logger
        }()
        let platform: Platform
        do {
            platform = try Platform(configuration: configuration, metrics: registry, logger: logger, role: "users-cli")
        } catch {
            FileHandle.standardError.write(Data("vantahire: configuration error: REDIS_URL: \(error)\n".utf8))
            throw ExitCode(78)
        }
        do {
            let outcome: Result<Void, any Error>
            do {
                try await platform.whileRunning {
                    try await body(UserAccounts(platform: platform), logger)
                }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            try outcome.get()
        } catch let failure as UserAccounts.Failure {
            FileHandle.standardError.write(Data("vantahire users: \(failure)\n".utf8))
            switch failure {
            case .notFound: throw ExitCode(3)
            case .emailTaken: throw ExitCode(4)
            case .invalidEmail, .invalidPassword: throw ExitCode.validationFailure
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("vantahire users: \(String(reflecting: error))\n".utf8))
            throw ExitCode.failure
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; the password comes from standard input or a prompt.")
        @Option(name: .long, help: "The account's email address.")
        var email: String
        @Option(name: .long, help: "admin, recruiter or candidate.")
        var role: RoleOption

        func run() async throws {
            let password: String
            do {
                password = try PasswordInput.read()
            } catch let failure as PasswordInput.Failure {
                FileHandle.standardError.write(Data("vantahire users: \(failure)\n".utf8))
                throw ExitCode.validationFailure
            }
            let email = self.email, role = self.role.role
            try await UsersCommand.withAccounts { accounts, logger in
                let user = try await accounts.create(email: email, password: password, role: role, logger: logger)
                print("Created \(user.role.rawValue.lowercased()) \(user.email) (\(user.id.uuidString.lowercased())).")
            }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role",
            abstract: "Change an account's role; its signed-in sessions get the new role at once.")
        @Option(name: .long, help: "The account's email address.")
        var email: String
        @Option(name: .long, help: "admin, recruiter or candidate.")
        var role: RoleOption

        func run() async throws {
            let email = self.email, role = self.role.role
            try await UsersCommand.withAccounts { accounts, logger in
                let (user, previous) = try await accounts.setRole(email: email, role: role, logger: logger)
                print("\(user.email): \(previous.rawValue.lowercased()) → \(user.role.rawValue.lowercased()).")
            }
        }
    }
}
