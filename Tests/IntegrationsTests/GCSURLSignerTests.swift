import Foundation
import Testing

@testable import Integrations

// Golden tests against Google's conformance vectors (googleapis/conformance-tests,
// storage/v1/v4_signatures.json, Apache-2.0), copied into Fixtures/ (see Fixtures/README.md).

// MARK: - Fixture model

/// One `signingV4Tests` case.
struct GCSSigningVector: Decodable, Sendable, CustomTestStringConvertible {
    var description: String
    var bucket: String
    var object: String?
    var method: String
    var expiration: Int
    var timestamp: String
    var headers: [String: String]?
    var queryParameters: [String: String]?
    var scheme: String?
    var urlStyle: String?
    var bucketBoundHostname: String?
    var hostname: String?
    var clientEndpoint: String?
    var emulatorHostname: String?
    var universeDomain: String?
    var expectedUrl: String
    var expectedCanonicalRequest: String?
    var expectedStringToSign: String?

    var testDescription: String { description }
}

/// One `postPolicyV4Tests` case.
struct GCSPostPolicyVector: Decodable, Sendable, CustomTestStringConvertible {
    struct Input: Decodable, Sendable {
        struct Conditions: Decodable, Sendable {
            var startsWith: [String]?
            var contentLengthRange: [Int]?
        }

        var scheme: String?
        var urlStyle: String?
        var bucketBoundHostname: String?
        var bucket: String
        var object: String
        var expiration: Int
        var timestamp: String
        var fields: [String: String]?
        var conditions: Conditions?
    }

    struct Output: Decodable, Sendable {
        var url: String
        var fields: [String: String]
        var expectedDecodedPolicy: String?
    }

    var description: String
    var policyInput: Input
    var policyOutput: Output

    var testDescription: String { description }
}

struct GCSConformanceFile: Decodable, Sendable {
    var signingV4Tests: [GCSSigningVector]
    var postPolicyV4Tests: [GCSPostPolicyVector]
}

enum GCSFixtures {
    static func data(_ name: String, _ ext: String) throws -> Data {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"),
            "fixture Fixtures/\(name).\(ext) missing from the test bundle"
        )
        return try Data(contentsOf: url)
    }

    static func conformance() throws -> GCSConformanceFile {
        try JSONDecoder().decode(GCSConformanceFile.self, from: data("v4_signatures", "json"))
    }

    static func serviceAccount() throws -> GCSServiceAccount {
        try GCSServiceAccount(jsonData: data("test_service_account.not-a-test", "json"))
    }

    /// Loaded once for `@Test(arguments:)`; an empty list here is caught by `fixtureCounts`.
    static let signingVectors: [GCSSigningVector] = (try? conformance().signingV4Tests) ?? []
    static let postPolicyVectors: [GCSPostPolicyVector] = (try? conformance().postPolicyV4Tests) ?? []

    static func date(_ rfc3339: String) throws -> Date {
        try Date(rfc3339, strategy: .iso8601)
    }

    /// Splits `http://localhost:8080` into (`http`, `localhost:8080`); a bare host has no scheme.
    static func splitEndpoint(_ endpoint: String) -> (scheme: String?, authority: String) {
        guard let range = endpoint.range(of: "://") else { return (nil, endpoint) }
        return (String(endpoint[..<range.lowerBound]), String(endpoint[range.upperBound...]))
    }

    static func urlStyle(_ name: String?, bucketBoundHostname: String?) throws -> GCSURLStyle {
        switch name {
        case nil, "PATH_STYLE": return .pathStyle
        case "VIRTUAL_HOSTED_STYLE": return .virtualHostedStyle
        case "BUCKET_BOUND_HOSTNAME": return .bucketBoundHostname(try #require(bucketBoundHostname))
        default:
            Issue.record("unknown urlStyle \(name ?? "")")
            return .pathStyle
        }
    }

    /// Maps a vector onto a request. Host precedence as in Google's clients: `hostname` >
    /// `clientEndpoint` > `emulatorHostname` > `storage.<universeDomain>` > the default host; the
    /// scheme is the vector's `scheme`, else the endpoint's, else `https`.
    static func request(for vector: GCSSigningVector) throws -> GCSSignedURLRequest {
        let endpoint = vector.hostname ?? vector.clientEndpoint ?? vector.emulatorHostname
            ?? vector.universeDomain.map { "storage.\($0)" } ?? GCSSignedURLRequest.defaultHost
        let (endpointScheme, authority) = splitEndpoint(endpoint)
        let scheme = try #require(GCSURLScheme(rawValue: vector.scheme ?? endpointScheme ?? "https"))
        return GCSSignedURLRequest(
            method: vector.method,
            bucket: vector.bucket,
            object: vector.object,
            expiration: vector.expiration,
            timestamp: try date(vector.timestamp),
            headers: vector.headers ?? [:],
            queryParameters: vector.queryParameters ?? [:],
            scheme: scheme,
            urlStyle: try urlStyle(vector.urlStyle, bucketBoundHostname: vector.bucketBoundHostname),
            host: authority
        )
    }
}

// MARK: - Tests

@Suite struct GCSURLSignerTests {
    @Test func fixtureCounts() throws {
        let file = try GCSFixtures.conformance()
        #expect(file.signingV4Tests.count == 29)
        #expect(file.postPolicyV4Tests.count == 11)
        #expect(GCSFixtures.signingVectors.count == 29)
        #expect(GCSFixtures.postPolicyVectors.count == 11)
    }

    @Test func serviceAccountFixtureParses() throws {
        let account = try GCSFixtures.serviceAccount()
        #expect(account.clientEmail == "test-iam-credentials@dummy-project-id.iam.gserviceaccount.com")
        #expect(account.projectID == "dummy-project-id")
        #expect(account.privateKeyID == "ffffffffffffffffffffffffffffffffffffffff")
        #expect(account.tokenURI == "https://oauth2.googleapis.com/token")
        #expect(!account.description.contains("PRIVATE KEY"))
    }

    @Test(arguments: GCSFixtures.signingVectors)
    func signingV4Vector(_ vector: GCSSigningVector) throws {
        let signer = GCSURLSigner(serviceAccount: try GCSFixtures.serviceAccount())
        let request = try GCSFixtures.request(for: vector)
        let signed = try signer.sign(request)

        #expect(signed.absoluteString == vector.expectedUrl)
        #expect(signed.url.absoluteString == vector.expectedUrl)
        if let expected = vector.expectedStringToSign {
            #expect(signed.stringToSign == expected)
        }
        if var expected = vector.expectedCanonicalRequest {
            if vector.description == "Universe domain with virtual hosted style" {
                // Fixture quirk (providers.md §6.6.1): its canonical request shows the path-style
                // path although its string-to-sign and URL are for the virtual-hosted path.
                expected = expected.replacingOccurrences(of: "\n/test-bucket/test-object\n", with: "\n/test-object\n")
            }
            #expect(signed.canonicalRequest == expected)
        }
        // The debugging helper agrees with the signed result.
        let form = try signer.canonicalForm(for: request)
        #expect(form.canonicalRequest == signed.canonicalRequest)
        #expect(form.stringToSign == signed.stringToSign)
    }

    @Test(arguments: GCSFixtures.postPolicyVectors)
    func postPolicyV4Vector(_ vector: GCSPostPolicyVector) throws {
        let signer = GCSURLSigner(serviceAccount: try GCSFixtures.serviceAccount())
        let input = vector.policyInput
        var conditions: [GCSPostPolicy.Condition] = []
        if let startsWith = input.conditions?.startsWith {
            try #require(startsWith.count == 2)
            conditions.append(.startsWith(field: startsWith[0], prefix: startsWith[1]))
        }
        if let range = input.conditions?.contentLengthRange {
            try #require(range.count == 2)
            conditions.append(.contentLengthRange(min: range[0], max: range[1]))
        }
        let policy = try signer.postPolicy(
            bucket: input.bucket,
            object: input.object,
            expiration: input.expiration,
            timestamp: try GCSFixtures.date(input.timestamp),
            fields: input.fields ?? [:],
            conditions: conditions,
            scheme: try #require(GCSURLScheme(rawValue: input.scheme ?? "https")),
            urlStyle: try GCSFixtures.urlStyle(input.urlStyle, bucketBoundHostname: input.bucketBoundHostname)
        )
        #expect(policy.url.absoluteString == vector.policyOutput.url)
        #expect(policy.fields == vector.policyOutput.fields)
        if let expected = vector.policyOutput.expectedDecodedPolicy {
            // The vectors show the decoded policy with literal non-ASCII characters (§6.6.4),
            // while the encoded policy escapes them as \uXXXX; compare after JSON decoding.
            let ours = try JSONSerialization.jsonObject(with: Data(policy.policyDocument.utf8)) as? NSDictionary
            let theirs = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? NSDictionary
            #expect(ours == theirs)
        }
    }

    @Test func expirationLongerThanSevenDaysIsRejected() throws {
        let signer = GCSURLSigner(serviceAccount: try GCSFixtures.serviceAccount())
        let timestamp = try GCSFixtures.date("2019-02-01T09:00:00Z")
        #expect(throws: GCSSigningError.invalidExpiration(seconds: 604_801)) {
            try signer.signedURL(method: "GET", bucket: "b", object: "o", expiration: 604_801, timestamp: timestamp)
        }
        #expect(throws: GCSSigningError.invalidExpiration(seconds: 0)) {
            try signer.signedURL(method: "GET", bucket: "b", object: "o", expiration: 0, timestamp: timestamp)
        }
        #expect(throws: GCSSigningError.invalidExpiration(seconds: 604_801)) {
            try signer.postPolicy(bucket: "b", object: "o", expiration: 604_801, timestamp: timestamp)
        }
        #expect(GCSSigningError.invalidExpiration(seconds: 604_801).description.contains("604800"))

        let url = try signer.signedURL(method: "GET", bucket: "b", object: "o", expiration: 604_800, timestamp: timestamp)
        #expect(url.absoluteString.contains("X-Goog-Expires=604800&"))
    }

    @Test func signedURLResultCarriesHeadersAndExpiry() throws {
        let signer = GCSURLSigner(serviceAccount: try GCSFixtures.serviceAccount())
        let timestamp = try GCSFixtures.date("2019-02-01T09:00:00Z")
        let signed = try signer.sign(
            GCSSignedURLRequest(
                method: "put", bucket: "media", object: "audio/2026/a b.wav", expiration: 900,
                timestamp: timestamp, headers: ["Content-Type": " audio/wav "]
            )
        )
        #expect(signed.signedHeaders == ["content-type": "audio/wav"])
        #expect(signed.expiresAt == timestamp.addingTimeInterval(900))
        #expect(signed.signature.count == 512)
        #expect(signed.absoluteString.hasPrefix("https://storage.googleapis.com/media/audio/2026/a%20b.wav?"))
        #expect(signed.canonicalRequest.hasPrefix("PUT\n/media/audio/2026/a%20b.wav\n"))
        #expect(signed.absoluteString.contains("X-Goog-SignedHeaders=content-type%3Bhost&"))
    }

    @Test func invalidRequestsAreRejected() throws {
        let signer = GCSURLSigner(serviceAccount: try GCSFixtures.serviceAccount())
        func sign(method: String = "GET", bucket: String = "b", object: String? = "o",
                  headers: [String: String] = [:], host: String = GCSSignedURLRequest.defaultHost) throws {
            _ = try signer.signedURL(method: method, bucket: bucket, object: object, expiration: 10,
                                     headers: headers, host: host)
        }
        #expect(throws: GCSSigningError.self) { try sign(bucket: "") }
        #expect(throws: GCSSigningError.self) { try sign(bucket: "a/b") }
        #expect(throws: GCSSigningError.self) { try sign(object: "") }
        #expect(throws: GCSSigningError.self) { try sign(method: "GE T") }
        #expect(throws: GCSSigningError.self) { try sign(headers: ["x-a": "1\r\nx-b: 2"]) }
        #expect(throws: GCSSigningError.self) { try sign(host: "https://storage.googleapis.com") }
        #expect(throws: GCSSigningError.self) {
            try signer.postPolicy(bucket: "b", object: "o", expiration: 10, fields: ["x-goog-signature": "x"])
        }
    }

    // MARK: Service-account key parsing

    @Test func malformedJSONIsRejected() throws {
        #expect(throws: GCSCredentialError.self) { try GCSServiceAccount(jsonString: "{not json") }
        do {
            _ = try GCSServiceAccount(jsonString: "{not json")
            Issue.record("expected an error")
        } catch let error as GCSCredentialError {
            guard case .malformedJSON = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.contains("not valid JSON"))
        }
        do {
            _ = try GCSServiceAccount(jsonString: "[1, 2]")
            Issue.record("expected an error")
        } catch let error as GCSCredentialError {
            #expect(error.description.contains("not valid JSON"))
        }
        do {
            _ = try GCSServiceAccount(jsonString: #"{"client_email": 42}"#)
            Issue.record("expected an error")
        } catch let error as GCSCredentialError {
            #expect(error.description.contains("client_email"))
        }
    }

    @Test(arguments: ["client_email", "private_key", "project_id"])
    func missingFieldIsNamed(_ field: String) throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: GCSFixtures.data("test_service_account.not-a-test", "json"))
                as? [String: Any]
        )
        object.removeValue(forKey: field)
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: GCSCredentialError.missingField(field)) { try GCSServiceAccount(jsonData: data) }
        #expect(GCSCredentialError.missingField(field).description.contains("'\(field)'"))
    }

    @Test func badPEMIsRejected() throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: GCSFixtures.data("test_service_account.not-a-test", "json"))
                as? [String: Any]
        )
        for bad in ["not a pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"] {
            object["private_key"] = bad
            let data = try JSONSerialization.data(withJSONObject: object)
            do {
                _ = try GCSServiceAccount(jsonData: data)
                Issue.record("expected an error for \(bad)")
            } catch let error as GCSCredentialError {
                guard case .invalidPrivateKey = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(error.description.contains("private_key"))
            }
        }
    }

    @Test func wrongKeyTypeIsRejected() throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: GCSFixtures.data("test_service_account.not-a-test", "json"))
                as? [String: Any]
        )
        object["type"] = "authorized_user"
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: GCSCredentialError.unsupportedType("authorized_user")) { try GCSServiceAccount(jsonData: data) }
    }

    // MARK: Canonicalisation helpers

    @Test func percentEncodingFollowsGoogleRules() {
        typealias V4 = GCSV4Canonicalization
        #expect(V4.percentEncode("a/b&c d~é", keepSlash: true) == "a/b%26c%20d~%C3%A9")
        #expect(V4.percentEncode("a/b;c@d") == "a%2Fb%3Bc%40d")
        #expect(V4.canonicalQuery(["prefix": "/foo", "X-Goog-Meta-Foo": "bar", "X-Goog-SignedHeaders": "host"])
            == "X-Goog-Meta-Foo=bar&X-Goog-SignedHeaders=host&prefix=%2Ffoo")
        #expect(V4.collapseWhitespace("\tabc\t\t def  ") == "abc def")
        #expect(V4.canonicalHost("localhost:8080") == "localhost")
        #expect(V4.canonicalHost("[::1]:8080") == "[::1]")
        #expect(V4.canonicalHost("Storage.GoogleAPIs.com") == "storage.googleapis.com")
    }
}
