import Core
import Foundation
import Testing

@Suite struct TokenSignerTests {
    struct Claims: Codable, Equatable {
        var sub: String
        var exp: Int
    }

    @Test func signedTokensVerifyAndDecode() throws {
        let signer = TokenSigner(secret: "a-secret-of-enough-length-for-tests")
        let token = try signer.sign(Claims(sub: "u1", exp: 42))
        #expect(token.split(separator: ".").count == 3)
        #expect(try signer.verify(token, as: Claims.self) == Claims(sub: "u1", exp: 42))
    }

    @Test func idsInTheVisiblePayloadAreLowerCase() throws {
        struct WithID: Codable, Equatable { var sid: UUID; var exp: Int }
        let id = UUID(uuidString: "887E18D9-5BDA-425C-A127-36D136D13B83")!
        let signer = TokenSigner(secret: "a-secret-of-enough-length-for-tests")
        let token = try signer.sign(WithID(sid: id, exp: 42))
        let payload = try #require(Base64URL.decode(token.split(separator: ".")[1]))
        #expect(String(decoding: payload, as: UTF8.self) == #"{"sid":"887e18d9-5bda-425c-a127-36d136d13b83","exp":42}"#)
        #expect(try signer.verify(token, as: WithID.self) == WithID(sid: id, exp: 42))
    }

    /// The HS256 example token of RFC 7519 tooling (jwt.io), secret `your-256-bit-secret`.
    @Test func verifiesAnIndependentlyProducedToken() throws {
        struct Example: Decodable { let sub: String; let name: String; let iat: Int }
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        let claims = try TokenSigner(secret: "your-256-bit-secret").verify(token, as: Example.self)
        #expect(claims.sub == "1234567890")
        #expect(claims.name == "John Doe")
        #expect(throws: TokenError.badSignature) { try TokenSigner(secret: "another-secret").verify(token, as: Example.self) }
    }

    @Test func tamperedPayloadIsRejected() throws {
        let signer = TokenSigner(secret: "a-secret-of-enough-length-for-tests")
        let token = try signer.sign(Claims(sub: "u1", exp: 42))
        let parts = token.split(separator: ".")
        let forged = Base64URL.encode(Data(#"{"exp":42,"sub":"admin"}"#.utf8))
        #expect(throws: TokenError.badSignature) { try signer.verify("\(parts[0]).\(forged).\(parts[2])", as: Claims.self) }
    }

    @Test func algorithmNoneAndOthersAreRejected() throws {
        let signer = TokenSigner(secret: "a-secret-of-enough-length-for-tests")
        let payload = Base64URL.encode(Data(#"{"exp":42,"sub":"admin"}"#.utf8))
        let none = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        #expect(throws: TokenError.unsupportedAlgorithm) { try signer.verify("\(none).\(payload).", as: Claims.self) }
        let rs = Base64URL.encode(Data(#"{"alg":"RS256","typ":"JWT"}"#.utf8))
        #expect(throws: TokenError.unsupportedAlgorithm) { try signer.verify("\(rs).\(payload).c2ln", as: Claims.self) }
    }

    @Test func malformedTokensAreRejected() {
        let signer = TokenSigner(secret: "a-secret-of-enough-length-for-tests")
        for token in ["", "abc", "a.b", "a.b.c.d", "!!!.???.***"] {
            #expect(throws: TokenError.self) { try signer.verify(token, as: Claims.self) }
        }
    }
}
