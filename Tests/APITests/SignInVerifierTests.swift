@testable import API
import Core
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// Sign-in does the bcrypt work of one hash at the configured cost whether the account exists or
/// not, and whatever the cost of its stored hash (migrated `$2a$10$` hashes included).
@Suite struct SignInVerifierTests {
    /// The rounds an attempt costs (bcrypt cost c = 2^c rounds).
    static func rounds(_ costs: [Int]) -> Int { costs.reduce(0) { $0 + (1 << $1) } }

    @Test func everyAttemptCostsOneHashAtTheConfiguredCost() {
        #expect(SignInVerifier.plan(storedCost: nil, configuredCost: 12) == [12])
        #expect(SignInVerifier.plan(storedCost: 12, configuredCost: 12) == [12])
        #expect(SignInVerifier.plan(storedCost: 10, configuredCost: 12) == [10, 10, 11])
        #expect(SignInVerifier.plan(storedCost: 5, configuredCost: 12) == [5, 5, 6, 7, 8, 9, 10, 11])
        for stored in 4...12 {
            #expect(Self.rounds(SignInVerifier.plan(storedCost: stored, configuredCost: 12)) == 1 << 12, "stored cost \(stored)")
        }
        #expect(SignInVerifier.cost(of: "$2a$10$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW") == 10)
        #expect(SignInVerifier.cost(of: "not a hash") == nil)
    }

    @Test func theHashesCheckedHaveThePlannedCosts() throws {
        let verifier = try SignInVerifier(hasher: PasswordHasher(cost: 7))
        let migrated = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        let unknown = verifier.hashes(for: nil)
        #expect(unknown.compactMap(SignInVerifier.cost(of:)) == [7])
        let padded = verifier.hashes(for: migrated)
        #expect(padded.first == migrated)
        #expect(padded.compactMap(SignInVerifier.cost(of:)) == [5, 5, 6])
        #expect(Self.rounds(padded.compactMap(SignInVerifier.cost(of:))) == Self.rounds(unknown.compactMap(SignInVerifier.cost(of:))))
    }

    @Test func verificationAnswersOnlyForTheRightPasswordOfAnExistingAccount() async throws {
        let hasher = PasswordHasher(cost: 6)
        let verifier = try SignInVerifier(hasher: hasher)
        let migrated = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        #expect(await verifier.verify("U*U", against: migrated))
        #expect(await verifier.verify("wrong", against: migrated) == false)
        #expect(await verifier.verify("U*U", against: nil) == false)
        let current = try hasher.hashBlocking("a long password")
        #expect(await verifier.verify("a long password", against: current))
    }
}
