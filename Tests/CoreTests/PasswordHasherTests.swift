import Core
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(cost: 4)

    @Test func newHashesAreBcrypt2bAndVerify() throws {
        let hash = try hasher.hashBlocking("correct horse battery")
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(hash.count == 60)
        #expect(hasher.verifyBlocking("correct horse battery", against: hash))
        #expect(!hasher.verifyBlocking("correct horse batterz", against: hash))
    }

    @Test func saltsDifferBetweenHashesOfOnePassword() throws {
        #expect(try hasher.hashBlocking("same password") != hasher.hashBlocking("same password"))
    }

    /// OpenBSD's bcrypt test vector in the `$2a$` form Supabase exports.
    @Test func migrated2aHashesVerify() {
        let hash = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        #expect(hasher.verifyBlocking("U*U", against: hash))
        #expect(!hasher.verifyBlocking("U*V", against: hash))
    }

    /// The same vector as PHP writes it (`$2y$`): checked as the identical `$2b$`.
    @Test func php2yHashesVerify() {
        let hash = "$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        #expect(hasher.verifyBlocking("U*U", against: hash))
        #expect(!hasher.verifyBlocking("U*V", against: hash))
    }

    /// OpenBSD's vector of a 72-byte password: bcrypt reads at most 72 bytes.
    @Test func onlyTheFirst72BytesCount() throws {
        let long = String(repeating: "0123456789", count: 7) + "ab"
        let hash = try hasher.hashBlocking(long)
        #expect(hasher.verifyBlocking(long + "anything after byte 72", against: hash))
        #expect(!hasher.verifyBlocking(String(long.dropLast()), against: hash))
    }

    @Test func malformedHashesNeverVerify() {
        #expect(!hasher.verifyBlocking("anything", against: ""))
        #expect(!hasher.verifyBlocking("anything", against: "$1$abc$def"))
        #expect(!hasher.verifyBlocking("anything", against: "plaintext-password-column-value-that-is-sixty-chars-long-xx"))
    }

    @Test func passwordsWithNULAreRefused() {
        #expect(throws: PasswordHashError.self) { try hasher.hashBlocking("abc\u{0}def") }
    }

    @Test func asyncVariantsAgreeWithBlockingOnes() async throws {
        let hash = try await hasher.hash("async password")
        #expect(await hasher.verify("async password", against: hash))
        #expect(await !hasher.verify("wrong", against: hash))
    }
}
