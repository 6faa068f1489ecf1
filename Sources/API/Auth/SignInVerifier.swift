import Core
import Foundation

/// Checks a sign-in password so that how long it takes does not tell whether the account exists.
///
/// bcrypt's work doubles with each cost step, and the stored hashes do not all share one cost:
/// new ones use `BCRYPT_COST` (12 by default), hashes migrated from Supabase are `$2a$10$`
/// (until their owner's next sign-in upgrades them), and older settings may have left others. A
/// dummy hash at one fixed cost would make either unknown emails or migrated accounts measurably
/// faster. So every attempt does the work of one hash at the configured cost `C`:
///
/// - an unknown email is checked against a dummy hash of cost `C`;
/// - an account whose hash has cost `c < C` is checked against it, then against dummy hashes of
///   costs `c, c+1, …, C-1` — `2^c + (2^c + … + 2^(C-1)) = 2^C` rounds in all;
/// - an account at cost `C` (or above, after `BCRYPT_COST` was lowered) is checked alone: at or
///   above `C`, the account's own work is the floor an unknown email also pays.
///
/// The dummy hashes (one per cost from 4 to `C`, of random passwords) are made once at start.
struct SignInVerifier: Sendable {
    let hasher: PasswordHasher
    /// Dummy hashes by cost.
    private let dummies: [Int: String]

    /// Makes the dummy hashes for `hasher`'s cost and every cost below it.
    init(hasher: PasswordHasher) throws {
        self.hasher = hasher
        var dummies: [Int: String] = [:]
        for cost in 4...hasher.cost {
            dummies[cost] = try PasswordHasher(cost: cost).hashBlocking(SecureToken.random(length: 32))
        }
        self.dummies = dummies
    }

    /// The cost encoded in a bcrypt hash (`$2b$12$…` → 12), `nil` when it is not one.
    static func cost(of hash: String) -> Int? {
        guard PasswordHasher.isBcrypt(hash) else { return nil }
        return Int(hash.dropFirst(4).prefix(2))
    }

    /// The costs of every bcrypt computation an attempt does: the stored hash's own (when the
    /// account exists), then the padding dummies.
    static func plan(storedCost: Int?, configuredCost: Int) -> [Int] {
        guard let storedCost else { return [configuredCost] }
        guard storedCost < configuredCost else { return [storedCost] }
        return [storedCost] + Array(storedCost..<configuredCost)
    }

    /// The hashes an attempt checks, in order: `storedHash` (or the dummy of the configured cost
    /// when the account does not exist) and the padding dummies.
    func hashes(for storedHash: String?) -> [String] {
        let storedCost = storedHash.map { Self.cost(of: $0) ?? hasher.cost }
        let plan = Self.plan(storedCost: storedCost, configuredCost: hasher.cost)
        let first = storedHash ?? dummies[hasher.cost]!
        return [first] + plan.dropFirst().compactMap { dummies[$0] }
    }

    /// Whether `password` matches `storedHash` (`nil`: the account does not exist, always
    /// `false`), after doing the same work either way.
    func verify(_ password: String, against storedHash: String?) async -> Bool {
        let hashes = hashes(for: storedHash)
        var valid = false
        for (index, hash) in hashes.enumerated() {
            let matches = await hasher.verify(password, against: hash)
            if index == 0 { valid = matches && storedHash != nil }
        }
        return valid
    }
}
