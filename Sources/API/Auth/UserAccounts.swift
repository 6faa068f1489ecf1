public import Core
public import Domain
import Foundation
public import Logging

/// Account administration outside the HTTP routes (the `vantahire users` command): creating a
/// user with any role, and changing a user's role with the same effect on live sessions as
/// `PATCH /admin/users/:id`.
public struct UserAccounts: Sendable {
    /// Why an operation was refused.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The email address is not one.
        case invalidEmail
        /// The password breaks ``PasswordPolicy`` (the reason).
        case invalidPassword(String)
        /// An account with this email exists.
        case emailTaken
        /// No account has this email.
        case notFound

        /// One line for an operator.
        public var description: String {
            switch self {
            case .invalidEmail: "the email is not a valid address"
            case .invalidPassword(let reason): "the password \(reason)"
            case .emailTaken: "an account with this email already exists"
            case .notFound: "no account has this email"
            }
        }
    }

    let platform: Platform

    /// Accounts of `platform`'s database; sessions' caches and sockets through its Redis.
    public init(platform: Platform) {
        self.platform = platform
    }

    /// Creates the account `email` (lower-cased) with `password` (the sign-up rules, hashed at
    /// `BCRYPT_COST`) and `role`.
    public func create(email: String, password: String, role: UserRole, logger: Logger) async throws -> User {
        let email = email.lowercased()
        guard Validator.isEmail(email) else { throw Failure.invalidEmail }
        if let problem = PasswordPolicy.problem(with: password) { throw Failure.invalidPassword(problem) }
        let hash = try await PasswordHasher(cost: platform.configuration.api.bcryptCost).hash(password)
        let user = try await platform.postgres.withConnection { connection in
            try await User.insert(email: email, passwordHash: hash, role: role, on: connection, logger: logger)
        }
        guard let user else { throw Failure.emailTaken }
        return user
    }

    /// Gives the account `email` the role `role`; its live sessions carry the new role from the
    /// next request on, and its open sockets are closed to reconnect with it (see
    /// ``SessionRevoker/roleChanged(userId:logger:)``). Returns the account and its previous role.
    public func setRole(email: String, role: UserRole, logger: Logger) async throws -> (user: User, previous: UserRole) {
        guard let (existing, _) = try await User.credentials(email: email.lowercased(), on: platform.postgres, logger: logger),
              let user = try await User.setRole(id: existing.id, to: role, on: platform.postgres, logger: logger)
        else { throw Failure.notFound }
        try await SessionRevoker(platform: platform).roleChanged(userId: user.id, logger: logger)
        return (user, existing.role)
    }
}
