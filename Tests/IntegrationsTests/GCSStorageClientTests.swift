import _CryptoExtras
import Foundation
import Integrations
import ProviderFakes
import Testing

@Suite("GCS storage client (service-account OAuth + JSON API delete) against the GCS fake")
struct GCSStorageClientTests {
    static let bucket = "vantahire-recordings"
    static let objectName = "audio/2026/a b.wav"

    let fake: GCSFake
    let account: GCSServiceAccount

    init() throws {
        let keyJSON = try TestSupport.serviceAccountKeyJSON()
        fake = try GCSFake(serviceAccountKeyJSON: keyJSON)
        account = try GCSServiceAccount(jsonData: keyJSON)
    }

    func withClient<Result>(
        timeouts: ProviderTimeouts = TestSupport.relaxedTimeouts,
        account: GCSServiceAccount? = nil,
        tokenRefreshMargin: Duration = .seconds(60),
        _ body: (GCSStorageClient) async throws -> Result
    ) async throws -> Result {
        try await fake.withRunning { baseURL in
            let tokenURL = try #require(fake.tokenURL)
            return try await TestSupport.withHTTPClient(timeouts: timeouts) { httpClient in
                let configuration = GCSStorageConfiguration(
                    account: account ?? self.account, baseURL: baseURL, tokenURL: tokenURL,
                    tokenRefreshMargin: tokenRefreshMargin, timeouts: timeouts)
                return try await body(GCSStorageClient(configuration: configuration, httpClient: httpClient))
            }
        }
    }

    @Test("delete: token exchange with a verified RS256 assertion, then DELETE with the object name fully encoded")
    func deleteSuccess() async throws {
        fake.putObject(bucket: Self.bucket, name: Self.objectName)
        let (result, tokenURL) = try await withClient { client in
            (try await client.deleteObject(bucket: Self.bucket, object: Self.objectName), client.configuration.tokenURL)
        }
        #expect(result == .deleted)
        #expect(tokenURL.path == "/token")
        #expect(!fake.containsObject(bucket: Self.bucket, name: Self.objectName))

        let tokenRequest = try #require(fake.tokenRequests.first)
        #expect(tokenRequest.method == "POST")
        #expect(tokenRequest.header("content-type") == "application/x-www-form-urlencoded")
        #expect(tokenRequest.form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer")
        #expect(String(decoding: tokenRequest.body, as: UTF8.self).hasPrefix(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="))

        // The fake accepted the exchange only after verifying the signature with the key's public half.
        let exchange = try #require(fake.tokenExchanges.first)
        #expect(exchange.header["alg"]?.string == "RS256")
        #expect(exchange.header["typ"]?.string == "JWT")
        #expect(exchange.header["kid"]?.string == account.privateKeyID)
        #expect(exchange.claims["iss"]?.string == account.clientEmail)
        #expect(exchange.claims["aud"]?.string == tokenURL.absoluteString)
        #expect(exchange.claims["scope"]?.string == GCSStorageConfiguration.readWriteScope)
        let iat = try #require(exchange.claims["iat"]?.int)
        let exp = try #require(exchange.claims["exp"]?.int)
        #expect(exp - iat == 3600)
        #expect(abs(Double(iat) - Date().timeIntervalSince1970) < 60)

        let delete = try #require(fake.storageRequests.first)
        #expect(delete.method == "DELETE")
        #expect(delete.path == "/storage/v1/b/vantahire-recordings/o/audio%2F2026%2Fa%20b.wav")
        #expect(delete.header("authorization") == "Bearer \(exchange.accessToken)")
    }

    @Test("the assertion also verifies independently with the key's public key")
    func assertionVerifiesWithPublicKey() async throws {
        fake.putObject(bucket: Self.bucket, name: "x")
        _ = try await withClient { client in try await client.deleteObject(bucket: Self.bucket, object: "x") }
        let assertion = try #require(fake.tokenRequests.first?.form["assertion"])
        let parts = assertion.split(separator: ".")
        try #require(parts.count == 3)
        let keyFile = try #require(JSONValue(data: try TestSupport.serviceAccountKeyJSON()))
        let pem = try #require(keyFile["private_key"]?.string)
        let publicKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem).publicKey
        let signature = try #require(base64URLDecode(parts[2]))
        #expect(
            publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data("\(parts[0]).\(parts[1])".utf8),
                padding: .insecurePKCS1v1_5))
        #expect(
            !publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data("\(parts[0]).x\(parts[1])".utf8),
                padding: .insecurePKCS1v1_5))
    }

    @Test("an assertion signed with another key is rejected: permanent invalid_grant")
    func wrongKeyRejected() async throws {
        let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let impostor = try GCSServiceAccount(
            clientEmail: account.clientEmail, projectID: account.projectID,
            privateKeyPEM: otherKey.pemRepresentation, privateKeyID: account.privateKeyID)
        let error = try await withClient(account: impostor) { client in
            await expectProviderError { try await client.deleteObject(bucket: Self.bucket, object: "x") }
        }
        let failure = try #require(error)
        #expect(failure.kind == .permanent)
        #expect(failure.provider == .googleOAuth)
        #expect(failure.status == 400)
        #expect(failure.code == "invalid_grant")
        #expect(failure.message == "Invalid JWT Signature.")
        #expect(fake.storageRequests.isEmpty)
        expectNoSecrets(in: failure, [otherKey.pemRepresentation, "PRIVATE KEY"])
    }

    @Test("two deletes share one token")
    func tokenIsCached() async throws {
        fake.putObject(bucket: Self.bucket, name: "a.wav")
        fake.putObject(bucket: Self.bucket, name: "b.wav")
        let results = try await withClient { client in
            [
                try await client.deleteObject(bucket: Self.bucket, object: "a.wav"),
                try await client.deleteObject(bucket: Self.bucket, object: "b.wav"),
            ]
        }
        #expect(results == [.deleted, .deleted])
        #expect(fake.tokenRequests.count == 1)
        #expect(fake.storageRequests.count == 2)
        let tokens = Set(fake.storageRequests.compactMap { $0.header("authorization") })
        #expect(tokens.count == 1)
    }

    @Test("concurrent callers share a single token refresh")
    func concurrentCallersShareOneRefresh() async throws {
        let names = (0..<6).map { "clip-\($0).wav" }
        for name in names { fake.putObject(bucket: Self.bucket, name: name) }
        fake.enqueueToken(.delay(.milliseconds(300), then: .proceed))
        let results = try await withClient { client in
            try await withThrowingTaskGroup(of: GCSDeleteResult.self) { group in
                for name in names {
                    group.addTask { try await client.deleteObject(bucket: Self.bucket, object: name) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(results == Array(repeating: .deleted, count: names.count))
        #expect(fake.tokenRequests.count == 1)
    }

    @Test("the token is refreshed once it is within the refresh margin of expiry")
    func tokenRefreshedAfterExpiry() async throws {
        fake.setTokenLifetime(seconds: 64)  // usable for 4 s with the 60 s margin
        fake.putObject(bucket: Self.bucket, name: "a.wav")
        fake.putObject(bucket: Self.bucket, name: "b.wav")
        fake.putObject(bucket: Self.bucket, name: "c.wav")
        try await withClient { client in
            _ = try await client.deleteObject(bucket: Self.bucket, object: "a.wav")
            _ = try await client.deleteObject(bucket: Self.bucket, object: "b.wav")
            #expect(fake.tokenRequests.count == 1)
            try await Task.sleep(for: .milliseconds(4200))
            _ = try await client.deleteObject(bucket: Self.bucket, object: "c.wav")
        }
        #expect(fake.tokenRequests.count == 2)
        let exchanges = fake.tokenExchanges
        #expect(exchanges.count == 2)
        #expect(fake.storageRequests.last?.header("authorization") == "Bearer \(exchanges[1].accessToken)")
    }

    @Test("a token rejected with 401 is dropped and the delete retried once with a new one")
    func revokedTokenIsReplaced() async throws {
        fake.putObject(bucket: Self.bucket, name: "a.wav")
        fake.putObject(bucket: Self.bucket, name: "b.wav")
        let second = try await withClient { client in
            _ = try await client.deleteObject(bucket: Self.bucket, object: "a.wav")
            fake.revokeAllTokens()
            return try await client.deleteObject(bucket: Self.bucket, object: "b.wav")
        }
        #expect(second == .deleted)
        #expect(fake.tokenRequests.count == 2)
        #expect(fake.storageRequests.count == 3)
    }

    @Test("delete of a missing object → .notFound, not an error")
    func missingObject() async throws {
        let result = try await withClient { client in
            try await client.deleteObject(bucket: Self.bucket, object: "never/existed.wav")
        }
        #expect(result == .notFound)
        #expect(fake.storageRequests.first?.path == "/storage/v1/b/vantahire-recordings/o/never%2Fexisted.wav")
    }

    @Test("429 with Retry-After → rateLimited with that duration")
    func rateLimited() async throws {
        fake.enqueueStorage(.rateLimited(retryAfter: "5"))
        let error = try await withClient { client in
            await expectProviderError { try await client.deleteObject(bucket: Self.bucket, object: "a") }
        }
        #expect(error?.kind == .rateLimited(retryAfter: .seconds(5)))
        #expect(error?.code == "rateLimitExceeded")
        #expect(error?.provider == .gcs)
    }

    @Test("503 → transient")
    func serviceUnavailable() async throws {
        fake.enqueueStorage(.serviceUnavailable)
        let error = try await withClient { client in
            await expectProviderError { try await client.deleteObject(bucket: Self.bucket, object: "a") }
        }
        #expect(error?.kind == .transient)
        #expect(error?.status == 503)
        #expect(error?.code == "backendError")
    }

    @Test("token endpoint 503 → transient from google-oauth")
    func tokenEndpointUnavailable() async throws {
        fake.enqueueToken(.oauthError(status: 503, error: "internal_failure", description: "Backend unavailable"))
        let error = try await withClient { client in
            await expectProviderError { try await client.deleteObject(bucket: Self.bucket, object: "a") }
        }
        #expect(error?.kind == .transient)
        #expect(error?.provider == .googleOAuth)
        #expect(error?.message == "Backend unavailable")
    }

    @Test("403 → permanent with Google's message and reason")
    func forbidden() async throws {
        fake.enqueueStorage(
            .storageError(
                status: 403, reason: "forbidden",
                message: "svc@dummy.iam.gserviceaccount.com does not have storage.objects.delete access."))
        let error = try await withClient { client in
            await expectProviderError { try await client.deleteObject(bucket: Self.bucket, object: "a") }
        }
        #expect(error?.kind == .permanent)
        #expect(error?.status == 403)
        #expect(error?.code == "forbidden")
        #expect(error?.message == "svc@dummy.iam.gserviceaccount.com does not have storage.objects.delete access.")
    }

    @Test("storage delay longer than the read timeout → transient")
    func readTimeout() async throws {
        fake.enqueueStorage(.delay(TestSupport.longerThanTimeout, then: .proceed))
        let started = ContinuousClock.now
        let error = try await withClient(timeouts: TestSupport.shortTimeouts) { client in
            await expectProviderError { try await client.deleteObject(bucket: Self.bucket, object: "a") }
        }
        #expect(error?.kind == .transient)
        #expect(error?.provider == .gcs)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("credentials never appear in an error's description, even when the server echoes them")
    func credentialsAreRedacted() async throws {
        fake.putObject(bucket: Self.bucket, name: "a.wav")
        let error = try await withClient { client in
            _ = try await client.deleteObject(bucket: Self.bucket, object: "a.wav")
            let token = try #require(fake.tokenExchanges.first?.accessToken)
            fake.enqueueStorage(
                .storageError(status: 403, reason: "forbidden", message: "token \(token) lacks storage.objects.delete"))
            return await expectProviderError { try await client.deleteObject(bucket: Self.bucket, object: "b.wav") }
        }
        let failure = try #require(error)
        let token = try #require(fake.tokenExchanges.first?.accessToken)
        let assertion = try #require(fake.tokenRequests.first?.form["assertion"])
        #expect(failure.message == "token <redacted> lacks storage.objects.delete")
        let keyFile = try #require(JSONValue(data: try TestSupport.serviceAccountKeyJSON()))
        let privateKey = try #require(keyFile["private_key"]?.string)
        let keyBody = privateKey.split(separator: "\n").dropFirst().first.map(String.init) ?? privateKey
        expectNoSecrets(in: failure, [token, assertion, keyBody])
        #expect(!String(describing: GCSStorageConfiguration(account: account)).contains(keyBody))
    }

    private func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
