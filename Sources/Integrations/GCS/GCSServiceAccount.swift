public import Foundation
import _CryptoExtras

/// A Google Cloud service-account identity with its RSA private key, as loaded from a JSON key file.
///
/// Only the fields needed for signing are kept: `client_email`, `project_id`, `private_key`
/// (PEM, PKCS#8 or PKCS#1 RSA) and, when present, `private_key_id` and `token_uri`. The private
/// key is never exposed and never printed (``description`` is redacted).
public struct GCSServiceAccount: Sendable, CustomStringConvertible {
    /// The service account's e-mail (`client_email`), used as the V4 credential's identity.
    public let clientEmail: String
    /// The Google Cloud project the key belongs to (`project_id`).
    public let projectID: String
    /// The key's identifier (`private_key_id`), if the key file has one (used as a JWT `kid`).
    public let privateKeyID: String?
    /// The OAuth 2.0 token endpoint (`token_uri`), if the key file has one.
    public let tokenURI: String?

    let signingKey: _RSA.Signing.PrivateKey

    /// Builds an account from its parts; `privateKeyPEM` is a PEM-encoded RSA private key (2048 bits or more).
    ///
    /// - Throws: ``GCSCredentialError`` if a field is empty or the key cannot be parsed.
    public init(
        clientEmail: String,
        projectID: String,
        privateKeyPEM: String,
        privateKeyID: String? = nil,
        tokenURI: String? = nil
    ) throws {
        guard !clientEmail.isEmpty else { throw GCSCredentialError.missingField("client_email") }
        guard !projectID.isEmpty else { throw GCSCredentialError.missingField("project_id") }
        guard !privateKeyPEM.isEmpty else { throw GCSCredentialError.missingField("private_key") }
        guard privateKeyPEM.contains("-----BEGIN"), privateKeyPEM.contains("PRIVATE KEY-----") else {
            throw GCSCredentialError.invalidPrivateKey(reason: "no '-----BEGIN … PRIVATE KEY-----' PEM block")
        }
        do {
            self.signingKey = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        } catch {
            throw GCSCredentialError.invalidPrivateKey(reason: "PEM block could not be decoded as an RSA key of at least 2048 bits")
        }
        self.clientEmail = clientEmail
        self.projectID = projectID
        self.privateKeyID = privateKeyID
        self.tokenURI = tokenURI
    }

    /// Parses a service-account JSON key file's contents.
    ///
    /// - Throws: ``GCSCredentialError/malformedJSON(reason:)`` for invalid JSON,
    ///   ``GCSCredentialError/missingField(_:)`` naming the first absent field,
    ///   ``GCSCredentialError/unsupportedType(_:)`` when `type` is not `service_account`, and
    ///   ``GCSCredentialError/invalidPrivateKey(reason:)`` when `private_key` is not a usable PEM key.
    public init(jsonData: Data) throws {
        let file: KeyFile
        do {
            file = try JSONDecoder().decode(KeyFile.self, from: jsonData)
        } catch let error as DecodingError {
            throw GCSCredentialError.malformedJSON(reason: Self.explain(error))
        } catch {
            throw GCSCredentialError.malformedJSON(reason: "\(error)")
        }
        if let type = file.type, type != "service_account" {
            throw GCSCredentialError.unsupportedType(type)
        }
        guard let clientEmail = file.clientEmail, !clientEmail.isEmpty else {
            throw GCSCredentialError.missingField("client_email")
        }
        guard let privateKey = file.privateKey, !privateKey.isEmpty else {
            throw GCSCredentialError.missingField("private_key")
        }
        guard let projectID = file.projectID, !projectID.isEmpty else {
            throw GCSCredentialError.missingField("project_id")
        }
        try self.init(
            clientEmail: clientEmail,
            projectID: projectID,
            privateKeyPEM: privateKey,
            privateKeyID: file.privateKeyID,
            tokenURI: file.tokenURI
        )
    }

    /// Parses a service-account JSON key given as text (for example from an environment variable).
    ///
    /// - Throws: the same ``GCSCredentialError`` cases as ``init(jsonData:)``.
    public init(jsonString: String) throws {
        try self.init(jsonData: Data(jsonString.utf8))
    }

    /// Signs `data` with RSASSA-PKCS1-v1_5 / SHA-256 using the account's private key (as for
    /// V4 signatures and `RS256` JWTs) and returns the raw signature bytes.
    ///
    /// - Throws: ``GCSSigningError/signingFailed(reason:)`` if the RSA operation fails.
    public func signRS256(_ data: some DataProtocol) throws -> Data {
        do {
            return try signingKey.signature(for: data, padding: .insecurePKCS1v1_5).rawRepresentation
        } catch {
            throw GCSSigningError.signingFailed(reason: "\(error)")
        }
    }

    /// A redacted description that never includes the private key.
    public var description: String {
        "GCSServiceAccount(clientEmail: \(clientEmail), projectID: \(projectID), privateKey: <redacted>)"
    }

    // MARK: - Private

    private struct KeyFile: Decodable {
        var type: String?
        var projectID: String?
        var privateKeyID: String?
        var privateKey: String?
        var clientEmail: String?
        var tokenURI: String?

        enum CodingKeys: String, CodingKey {
            case type
            case projectID = "project_id"
            case privateKeyID = "private_key_id"
            case privateKey = "private_key"
            case clientEmail = "client_email"
            case tokenURI = "token_uri"
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the data is not valid JSON"
                : "corrupted value at '\(path(context.codingPath))'"
        case .typeMismatch(_, let context):
            return context.codingPath.isEmpty
                ? "the top level is not a JSON object"
                : "field '\(path(context.codingPath))' has the wrong type (expected a string)"
        case .valueNotFound(_, let context):
            return "field '\(path(context.codingPath))' is null"
        case .keyNotFound(let key, _):
            return "missing key '\(key.stringValue)'"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map(\.stringValue).joined(separator: ".")
    }
}
