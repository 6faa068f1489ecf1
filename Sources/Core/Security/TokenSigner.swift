import Crypto
public import Foundation

/// Signs and verifies compact JWTs with HS256 (HMAC-SHA-256 over `JWT_SECRET`).
///
/// Only `{"alg":"HS256","typ":"JWT"}` tokens are accepted: a token naming any other algorithm
/// (including `none`) is rejected before its signature is looked at.
public struct TokenSigner: Sendable {
    private let secret: Data

    /// Creates a signer over `secret`.
    public init(secret: String) {
        self.secret = Data(secret.utf8)
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    private static let header = Base64URL.encode(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    /// Encodes `claims` as a signed token (the platform's JSON: ids lower-case, as everywhere on
    /// the wire).
    public func sign(_ claims: some Encodable) throws -> String {
        let payload = Base64URL.encode(Data(try PlatformJSON.encode(claims)))
        let signingInput = Self.header + "." + payload
        let signature = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: key)
        return signingInput + "." + Base64URL.encode(Data(signature))
    }

    /// Verifies the signature of `token` and decodes its claims; expiry is the caller's to check.
    public func verify<Claims: Decodable>(_ token: String, as type: Claims.Type) throws(TokenError) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 4096,
              let headerData = Base64URL.decode(parts[0]),
              let payloadData = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2])
        else { throw .malformed }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerData), header.alg == "HS256" else {
            throw .unsupportedAlgorithm
        }
        let signingInput = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key) else {
            throw .badSignature
        }
        do {
            return try JSONDecoder().decode(Claims.self, from: payloadData)
        } catch {
            throw .malformed
        }
    }

    private struct Header: Decodable {
        let alg: String
    }
}

/// Why a token was refused.
public enum TokenError: Error, Sendable, Equatable {
    /// Not three base64url parts of JSON.
    case malformed
    /// The header names an algorithm other than HS256.
    case unsupportedAlgorithm
    /// The signature does not match.
    case badSignature
}

/// Unpadded base64url (RFC 4648 §5), as used by JWTs.
public enum Base64URL {
    /// Encodes without padding.
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes unpadded (or padded) base64url; `nil` when invalid.
    public static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") || text.hasSuffix("=") else { return nil }
        base64 = base64.replacingOccurrences(of: "=", with: "")
        switch base64.count % 4 {
        case 2: base64 += "=="
        case 3: base64 += "="
        case 1: return nil
        default: break
        }
        return Data(base64Encoded: base64)
    }
}
