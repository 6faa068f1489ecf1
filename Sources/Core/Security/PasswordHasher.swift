import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt password hashing (HummingbirdBcrypt: OpenBSD's implementation, built with the package, no
/// system library).
///
/// New hashes are `$2b$`; `$2a$` and `$2y$` hashes (e.g. users migrated from Supabase) verify too:
/// `$2y$` (PHP's name for the corrected algorithm) is checked as the identical `$2b$`.
/// Hashing costs tens to hundreds of milliseconds of CPU, so the async methods run it on NIO's
/// blocking thread pool, never on an event loop.
public struct PasswordHasher: Sendable {
    /// The bcrypt cost (log2 of the rounds) of new hashes.
    public let cost: Int

    /// bcrypt reads at most 72 bytes of a password.
    public static let maximumPasswordBytes = 72

    /// Creates a hasher producing hashes of `cost` (4...31).
    public init(cost: Int) {
        precondition((4...31).contains(cost), "bcrypt cost must be in 4...31")
        self.cost = cost
    }

    /// Hashes `password` on the blocking thread pool.
    public func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { try hashBlocking(password) }
    }

    /// Checks `password` against `hash` on the blocking thread pool; `false` for a malformed hash.
    public func verify(_ password: String, against hash: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { verifyBlocking(password, against: hash) }) ?? false
    }

    /// Hashes `password` on the calling thread.
    public func hashBlocking(_ password: String) throws -> String {
        guard !password.utf8.contains(0) else { throw PasswordHashError.invalidPassword }
        let result = Bcrypt.hash(password, cost: UInt8(cost))
        guard result.hasPrefix("$2b$"), Self.isBcrypt(result) else { throw PasswordHashError.hashingFailed }
        return result
    }

    /// Checks `password` against `hash` on the calling thread (constant time in the comparison).
    public func verifyBlocking(_ password: String, against hash: String) -> Bool {
        guard Self.isBcrypt(hash), !password.utf8.contains(0) else { return false }
        let checked = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        return Bcrypt.verify(password, hash: checked)
    }

    /// Whether `hash` looks like a bcrypt hash this hasher can verify.
    public static func isBcrypt(_ hash: String) -> Bool {
        let prefixes = ["$2a$", "$2b$", "$2y$"]
        return hash.utf8.count == 60 && prefixes.contains { hash.hasPrefix($0) }
    }
}

/// Why a password could not be hashed.
public enum PasswordHashError: Error, Sendable {
    /// The password contains a NUL byte.
    case invalidPassword
    /// bcrypt did not produce a well-formed hash.
    case hashingFailed
}
