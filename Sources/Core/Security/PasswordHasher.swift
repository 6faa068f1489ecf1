import CCrypt
import Foundation
import NIOPosix

/// bcrypt password hashing through the system's libxcrypt (`crypt_r`).
///
/// New hashes are `$2b$`; `$2a$` and `$2y$` hashes (e.g. users migrated from Supabase) verify too.
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
        var random = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in random.indices { random[index] = generator.next() }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let made = random.withUnsafeBufferPointer { randomBytes in
            randomBytes.withMemoryRebound(to: CChar.self) { randomChars in
                crypt_gensalt_rn("$2b$", UInt(cost), randomChars.baseAddress, Int32(randomChars.count), &setting, Int32(setting.count))
            }
        }
        guard made != nil else { throw PasswordHashError.hashingFailed }
        let settingString = String(decoding: setting.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let result = Self.crypt(password, setting: settingString), result.hasPrefix("$2b$") else {
            throw PasswordHashError.hashingFailed
        }
        return result
    }

    /// Checks `password` against `hash` on the calling thread.
    public func verifyBlocking(_ password: String, against hash: String) -> Bool {
        guard Self.isBcrypt(hash), !password.utf8.contains(0), let computed = Self.crypt(password, setting: hash) else {
            return false
        }
        return ConstantTime.equal(Array(computed.utf8), Array(hash.utf8))
    }

    /// Whether `hash` looks like a bcrypt hash this hasher can verify.
    public static func isBcrypt(_ hash: String) -> Bool {
        let prefixes = ["$2a$", "$2b$", "$2y$"]
        return hash.utf8.count == 60 && prefixes.contains { hash.hasPrefix($0) }
    }

    private static func crypt(_ password: String, setting: String) -> String? {
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let output = crypt_r(password, setting, data) else { return nil }
        let result = String(cString: output)
        // libxcrypt signals failure with a string starting with "*".
        return result.hasPrefix("*") ? nil : result
    }
}

/// Why a password could not be hashed.
public enum PasswordHashError: Error, Sendable {
    /// The password contains a NUL byte.
    case invalidPassword
    /// libxcrypt refused the setting.
    case hashingFailed
}
