public import Foundation

/// Produces Google Cloud Storage V4 signed URLs (`GOOG4-RSA-SHA256`) with a service-account key.
///
/// The algorithm follows Google's conformance vectors (`googleapis/conformance-tests`,
/// `storage/v1/v4_signatures.json`): canonical request → string-to-sign → RSASSA-PKCS1-v1_5
/// SHA-256 signature, hex-encoded, appended as `X-Goog-Signature`. Signing is local and offline.
///
/// ```swift
/// let account = try GCSServiceAccount(jsonData: keyFileData)
/// let signer = GCSURLSigner(serviceAccount: account)
/// let url = try signer.signedURL(method: "PUT", bucket: "media", object: "audio/a.wav",
///                                expiration: 900, headers: ["Content-Type": "audio/wav"])
/// ```
public struct GCSURLSigner: Sendable {
    /// The longest lifetime a V4 signature may have: 604800 seconds (7 days).
    public static let maximumExpiration = 604_800

    /// The service account whose key signs the URLs.
    public let serviceAccount: GCSServiceAccount

    /// A signer using `serviceAccount`'s private key and `client_email`.
    public init(serviceAccount: GCSServiceAccount) {
        self.serviceAccount = serviceAccount
    }

    /// Signs `request` and returns the URL with its canonical request, string-to-sign and signature.
    ///
    /// - Throws: ``GCSSigningError/invalidExpiration(seconds:)`` when the expiration is not in
    ///   `1...604800`, ``GCSSigningError/invalidRequest(reason:)`` for an unusable method, bucket,
    ///   object, host, header or query parameter, ``GCSSigningError/signingFailed(reason:)`` if RSA fails.
    public func sign(_ request: GCSSignedURLRequest) throws -> GCSSignedURL {
        let form = try canonicalForm(for: request)
        let signature = GCSV4Canonicalization.hexLower(try serviceAccount.signRS256(Data(form.stringToSign.utf8)))
        let absoluteString = "\(form.urlPrefix)?\(form.canonicalQuery)&X-Goog-Signature=\(signature)"
        guard let url = URL(string: absoluteString) else {
            throw GCSSigningError.invalidRequest(reason: "the resulting URL is not valid: \(absoluteString)")
        }
        return GCSSignedURL(
            url: url,
            absoluteString: absoluteString,
            canonicalRequest: form.canonicalRequest,
            stringToSign: form.stringToSign,
            signature: signature,
            signedHeaders: form.signedHeaderValues,
            expiresAt: request.timestamp.addingTimeInterval(TimeInterval(request.expiration))
        )
    }

    /// Returns a V4 signed URL for one request; see ``GCSSignedURLRequest`` for each parameter.
    ///
    /// - Throws: as ``sign(_:)``; in particular ``GCSSigningError/invalidExpiration(seconds:)``
    ///   for an expiration above 604800 seconds (7 days).
    public func signedURL(
        method: String,
        bucket: String,
        object: String?,
        expiration: Int,
        timestamp: Date = Date(),
        headers: [String: String] = [:],
        queryParameters: [String: String] = [:],
        scheme: GCSURLScheme = .https,
        urlStyle: GCSURLStyle = .pathStyle,
        host: String = GCSSignedURLRequest.defaultHost
    ) throws -> URL {
        try sign(
            GCSSignedURLRequest(
                method: method,
                bucket: bucket,
                object: object,
                expiration: expiration,
                timestamp: timestamp,
                headers: headers,
                queryParameters: queryParameters,
                scheme: scheme,
                urlStyle: urlStyle,
                host: host
            )
        ).url
    }

    // MARK: - Canonical form (internal, for debugging and tests)

    /// The unsigned intermediate values of a V4 signature.
    struct CanonicalForm: Sendable, Equatable {
        /// `<scheme>://<authority><canonical path>`.
        var urlPrefix: String
        /// The canonical query string (without `X-Goog-Signature`).
        var canonicalQuery: String
        /// The six-part canonical request.
        var canonicalRequest: String
        /// `GOOG4-RSA-SHA256\n<date>\n<scope>\n<hex sha256 of canonical request>`.
        var stringToSign: String
        /// The signed headers other than `host`, canonicalised.
        var signedHeaderValues: [String: String]
    }

    /// Computes the canonical request and string-to-sign for `request` without signing it.
    func canonicalForm(for request: GCSSignedURLRequest) throws -> CanonicalForm {
        typealias V4 = GCSV4Canonicalization
        guard (1...Self.maximumExpiration).contains(request.expiration) else {
            throw GCSSigningError.invalidExpiration(seconds: request.expiration)
        }
        let method = request.method.uppercased()
        guard !method.isEmpty, method.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw GCSSigningError.invalidRequest(reason: "HTTP method '\(request.method)' is not a plain token like GET or PUT")
        }
        try Self.validateBucket(request.bucket)
        if let object = request.object, object.isEmpty {
            throw GCSSigningError.invalidRequest(reason: "object name must not be empty (pass nil for a bucket-level URL)")
        }

        let authority: String
        let path: String
        let objectPath = request.object.map { "/" + V4.percentEncode($0, keepSlash: true) }
        switch request.urlStyle {
        case .pathStyle:
            authority = try Self.validateAuthority(request.host, what: "host")
            path = "/" + V4.percentEncode(request.bucket) + (objectPath ?? "")
        case .virtualHostedStyle:
            authority = request.bucket + "." + (try Self.validateAuthority(request.host, what: "host"))
            path = objectPath ?? "/"
        case .bucketBoundHostname(let hostname):
            authority = try Self.validateAuthority(hostname, what: "bucket-bound hostname")
            path = objectPath ?? "/"
        }

        var headers = request.headers.filter { $0.key.lowercased() != "host" }
        headers["host"] = V4.canonicalHost(authority)
        let canonicalHeaders = try V4.canonicalHeaders(headers)
        let signedHeaderNames = canonicalHeaders.map(\.name).joined(separator: ";")
        let headerBlock = canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined()
        let payloadHash = canonicalHeaders.first { $0.name == "x-goog-content-sha256" }?.value ?? V4.unsignedPayload

        let (requestTimestamp, datestamp) = V4.timestamps(for: request.timestamp)
        let scope = V4.credentialScope(datestamp: datestamp)
        var query = request.queryParameters
        if query.keys.contains(where: { $0.caseInsensitiveCompare("X-Goog-Signature") == .orderedSame }) {
            throw GCSSigningError.invalidRequest(reason: "query parameter 'X-Goog-Signature' is reserved")
        }
        query["X-Goog-Algorithm"] = V4.algorithm
        query["X-Goog-Credential"] = "\(serviceAccount.clientEmail)/\(scope)"
        query["X-Goog-Date"] = requestTimestamp
        query["X-Goog-Expires"] = String(request.expiration)
        query["X-Goog-SignedHeaders"] = signedHeaderNames
        let canonicalQuery = V4.canonicalQuery(query)

        let canonicalRequest = [method, path, canonicalQuery, headerBlock, signedHeaderNames, payloadHash]
            .joined(separator: "\n")
        let stringToSign = [V4.algorithm, requestTimestamp, scope, V4.sha256Hex(canonicalRequest)]
            .joined(separator: "\n")

        var signedHeaderValues: [String: String] = [:]
        for header in canonicalHeaders where header.name != "host" {
            signedHeaderValues[header.name] = header.value
        }
        return CanonicalForm(
            urlPrefix: "\(request.scheme.rawValue)://\(authority)\(path)",
            canonicalQuery: canonicalQuery,
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signedHeaderValues: signedHeaderValues
        )
    }

    /// Rejects empty bucket names and characters that would break the URL's structure.
    static func validateBucket(_ bucket: String) throws {
        guard !bucket.isEmpty else {
            throw GCSSigningError.invalidRequest(reason: "bucket name must not be empty")
        }
        let forbidden: Set<Character> = ["/", "?", "#", "%", "@", ":", " ", "\t"]
        guard !bucket.contains(where: { forbidden.contains($0) || $0.isNewline }) else {
            throw GCSSigningError.invalidRequest(reason: "bucket name '\(bucket)' contains a character not allowed in bucket names")
        }
    }

    /// Checks that `authority` is a bare `host[:port]` (no scheme, path, user info or whitespace) and returns it.
    static func validateAuthority(_ authority: String, what: String) throws -> String {
        guard !authority.isEmpty else {
            throw GCSSigningError.invalidRequest(reason: "\(what) must not be empty")
        }
        let forbidden: Set<Character> = ["/", "?", "#", "@", " ", "\t", "%"]
        guard !authority.contains(where: { forbidden.contains($0) || $0.isNewline }) else {
            throw GCSSigningError.invalidRequest(reason: "\(what) '\(authority)' must be a bare host[:port], without scheme or path")
        }
        return authority
    }
}
