internal import Foundation

/// Builds the RS256-signed JWT a service account exchanges for an access token (RFC 7523).
enum GCSJWTAssertion {
    private struct Header: Encodable {
        var alg = "RS256"
        var typ = "JWT"
        var kid: String?
    }

    private struct Claims: Encodable {
        var iss: String
        var scope: String
        var aud: String
        var iat: Int
        var exp: Int
    }

    /// The longest lifetime Google accepts for an assertion.
    static let lifetimeSeconds = 3600

    /// Returns `header.claims.signature`, each part base64url-encoded without padding, signed with
    /// ``GCSServiceAccount/signRS256(_:)``.
    ///
    /// - Throws: ``GCSSigningError`` if signing fails.
    static func make(account: GCSServiceAccount, scope: String, audience: String, issuedAt: Date) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let iat = Int(issuedAt.timeIntervalSince1970)
        let header = try encoder.encode(Header(kid: account.privateKeyID))
        let claims = try encoder.encode(
            Claims(iss: account.clientEmail, scope: scope, aud: audience, iat: iat, exp: iat + lifetimeSeconds))
        let signingInput = base64URL(header) + "." + base64URL(claims)
        let signature = try account.signRS256(Data(signingInput.utf8))
        return signingInput + "." + base64URL(signature)
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
