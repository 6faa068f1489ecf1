internal import _CryptoExtras
internal import Crypto
public import Foundation
internal import Hummingbird
internal import Synchronization

/// A faithful local imitation of Google's OAuth token endpoint (service-account JWT-bearer grant)
/// and of the Cloud Storage JSON API object delete (providers.md §6.7).
///
/// Token endpoint, `POST /token` (form-encoded): `grant_type` must be
/// `urn:ietf:params:oauth:grant-type:jwt-bearer`; the `assertion` must be an RS256 JWT whose
/// signature verifies with the service account's public key, with `iss` = the account's
/// `client_email`, `aud` = this endpoint's URL, a `scope`, `exp - iat` ≤ 3600 and a current
/// time window; else 400 `invalid_grant`. Success: `{"access_token", "expires_in", "token_type": "Bearer"}`.
///
/// JSON API, with the object name percent-encoded as one path segment and a bearer token the fake
/// issued and that has not expired (401 otherwise): `DELETE /storage/v1/b/{bucket}/o/{object}`
/// (204 when the object existed, 404 `notFound` envelope when not); `GET` of the same path (the
/// object resource, `size` as a decimal string) or with `alt=media` (its bytes); and the simple
/// media upload `POST /upload/storage/v1/b/{bucket}/o?uploadType=media&name={object}` (the body is
/// the object; the object resource is answered).
public final class GCSFake: ProviderFake {
    private struct Storage {
        var tokens: [String: ContinuousClock.Instant] = [:]
        var exchanges: [TokenExchange] = []
        var objects: [String: Int64] = [:]
        var contents: [String: Data] = [:]
        var nextGeneration: Int64 = 1_700_000_000_000_001
        var tokenLifetimeSeconds: Int
    }

    /// The service account's `client_email`, the only accepted `iss`.
    public let clientEmail: String
    /// The service account's `private_key_id`, checked against the JWT `kid` when both are present.
    public let privateKeyID: String?

    private let publicKey: _RSA.Signing.PublicKey
    private let server = FakeHTTPServer()
    /// Request log and token-endpoint script.
    private let state = FakeState<Behavior>()
    /// Storage script (its request log stays empty: every request is logged in `state`).
    private let storageScript = FakeState<Behavior>()
    private let storage: Mutex<Storage>

    /// Creates a fake that trusts the service account in `serviceAccountKeyJSON` (a key file; only
    /// its public half is used) and issues tokens valid for `tokenLifetimeSeconds`.
    ///
    /// - Throws: `DecodingError` or a CryptoKit error if the key file is unusable.
    public init(serviceAccountKeyJSON: Data, tokenLifetimeSeconds: Int = 3599) throws {
        struct KeyFile: Decodable {
            var clientEmail: String
            var privateKey: String
            var privateKeyID: String?

            enum CodingKeys: String, CodingKey {
                case clientEmail = "client_email"
                case privateKey = "private_key"
                case privateKeyID = "private_key_id"
            }
        }
        let key = try JSONDecoder().decode(KeyFile.self, from: serviceAccountKeyJSON)
        self.clientEmail = key.clientEmail
        self.privateKeyID = key.privateKeyID
        self.publicKey = try _RSA.Signing.PrivateKey(pemRepresentation: key.privateKey).publicKey
        self.storage = Mutex(Storage(tokenLifetimeSeconds: tokenLifetimeSeconds))
    }

    /// The server's base URL while running (the value for a client's storage base URL).
    public var baseURL: URL? { server.baseURL }

    /// The token endpoint's URL while running (the value for a client's token URL).
    public var tokenURL: URL? { baseURL?.appendingPathComponent("token") }

    /// Every request received so far (token and storage), oldest first.
    public var requests: [RecordedRequest] { state.requests }

    /// The token requests received so far.
    public var tokenRequests: [RecordedRequest] { requests.filter { $0.path == "/token" } }

    /// The storage requests received so far.
    public var storageRequests: [RecordedRequest] { requests.filter { $0.path.hasPrefix("/storage/") || $0.path.hasPrefix("/upload/") } }

    /// The exchanges the token endpoint accepted, oldest first.
    public var tokenExchanges: [TokenExchange] { storage.withLock { $0.exchanges } }

    /// Queues behaviours for the next token requests, in order.
    public func enqueueToken(_ behaviors: Behavior...) {
        state.enqueue(behaviors)
    }

    /// Queues behaviours for the next storage requests, in order.
    public func enqueueStorage(_ behaviors: Behavior...) {
        storageScript.enqueue(behaviors)
    }

    /// Sets the `expires_in` of tokens issued from now on.
    public func setTokenLifetime(seconds: Int) {
        storage.withLock { $0.tokenLifetimeSeconds = seconds }
    }

    /// Makes every token issued so far invalid (as if revoked).
    public func revokeAllTokens() {
        storage.withLock { $0.tokens.removeAll() }
    }

    /// Creates (or replaces) an object and returns its generation.
    @discardableResult
    public func putObject(bucket: String, name: String) -> Int64 {
        storage.withLock { state in
            let generation = state.nextGeneration
            state.nextGeneration += 1
            state.objects[bucket + "/" + name] = generation
            return generation
        }
    }

    /// The bytes of an object uploaded through the API, `nil` when it does not exist.
    public func objectData(bucket: String, name: String) -> Data? {
        storage.withLock { $0.objects[bucket + "/" + name] == nil ? nil : $0.contents[bucket + "/" + name] }
    }

    /// Whether the object exists.
    public func containsObject(bucket: String, name: String) -> Bool {
        storage.withLock { $0.objects[bucket + "/" + name] != nil }
    }

    /// Starts the fake.
    public func start() async throws -> URL {
        try await server.start { [self] request, connection in
            try await handle(request, connection: connection)
        }
    }

    /// Stops the fake.
    public func stop() async {
        await server.stop()
    }

    // MARK: - Routing

    private func handle(_ request: RecordedRequest, connection: FakeConnection) async throws -> Response {
        state.record(request)
        if request.path == "/token" {
            guard request.method == "POST" else {
                return oauthError(status: 405, error: "invalid_request", description: "Method not allowed")
            }
            var behavior = state.nextBehavior() ?? .proceed
            while case .delay(let duration, let next) = behavior {
                try await Task.sleep(for: duration)
                behavior = next
            }
            if let scripted = scriptedResponse(behavior, connection: connection) { return scripted }
            return exchangeToken(request)
        }
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.count == 7, segments[0].isEmpty, segments[1] == "upload", segments[2] == "storage", segments[3] == "v1",
           segments[4] == "b", segments[6] == "o", let bucket = segments[5].removingPercentEncoding, !bucket.isEmpty {
            guard request.method == "POST" else {
                return storageError(status: 405, reason: "methodNotAllowed", message: "Method not implemented by the fake")
            }
            if let failure = authenticationFailure(request) { return failure }
            if let scripted = try await nextScriptedStorageResponse(connection: connection) { return scripted }
            let query = Self.queryItems(request.query)
            guard query["uploadType"] == "media", let name = query["name"], !name.isEmpty else {
                return storageError(status: 400, reason: "invalid", message: "Upload requests must include an uploadType and a name")
            }
            return uploadObject(bucket: bucket, object: name, data: request.body)
        }
        guard segments.count == 7, segments[0].isEmpty, segments[1] == "storage", segments[2] == "v1",
            segments[3] == "b", segments[5] == "o", !segments[4].isEmpty, !segments[6].isEmpty,
            let bucket = segments[4].removingPercentEncoding, let object = segments[6].removingPercentEncoding
        else {
            return storageError(status: 404, reason: "notFound", message: "Not Found")
        }
        guard request.method == "DELETE" || request.method == "GET" else {
            return storageError(status: 405, reason: "methodNotAllowed", message: "Method not implemented by the fake")
        }
        if let failure = authenticationFailure(request) { return failure }
        if let scripted = try await nextScriptedStorageResponse(connection: connection) { return scripted }
        if request.method == "GET" {
            return getObject(bucket: bucket, object: object, media: Self.queryItems(request.query)["alt"] == "media")
        }
        return deleteObject(bucket: bucket, object: object, query: request.query)
    }

    private func nextScriptedStorageResponse(connection: FakeConnection) async throws -> Response? {
        var behavior = storageScript.nextBehavior() ?? .proceed
        while case .delay(let duration, let next) = behavior {
            try await Task.sleep(for: duration)
            behavior = next
        }
        return scriptedResponse(behavior, connection: connection)
    }

    private static func queryItems(_ query: String?) -> [String: String] {
        var items: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard let name = parts.first?.removingPercentEncoding else { continue }
            items[name] = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? "" : ""
        }
        return items
    }

    private func uploadObject(bucket: String, object: String, data: Data) -> Response {
        let generation = storage.withLock { state -> Int64 in
            let generation = state.nextGeneration
            state.nextGeneration += 1
            state.objects[bucket + "/" + object] = generation
            state.contents[bucket + "/" + object] = data
            return generation
        }
        return FakeResponse.json(status: 200, Self.resource(bucket: bucket, object: object, size: data.count, generation: generation))
            .hummingbirdResponse
    }

    private func getObject(bucket: String, object: String, media: Bool) -> Response {
        let found = storage.withLock { state -> (Int64, Data)? in
            let key = bucket + "/" + object
            guard let generation = state.objects[key] else { return nil }
            return (generation, state.contents[key] ?? Data())
        }
        guard let (generation, data) = found else {
            return storageError(status: 404, reason: "notFound", message: "No such object: \(bucket)/\(object)")
        }
        if media {
            return FakeResponse(status: 200, headers: [("Content-Type", "application/octet-stream")], body: data).hummingbirdResponse
        }
        return FakeResponse.json(status: 200, Self.resource(bucket: bucket, object: object, size: data.count, generation: generation))
            .hummingbirdResponse
    }

    private static func resource(bucket: String, object: String, size: Int, generation: Int64) -> JSONValue {
        [
            "kind": "storage#object", "id": .string("\(bucket)/\(object)/\(generation)"), "name": .string(object),
            "bucket": .string(bucket), "generation": .string(String(generation)), "size": .string(String(size)),
        ]
    }

    private func scriptedResponse(_ behavior: Behavior, connection: FakeConnection) -> Response? {
        switch behavior {
        case .proceed, .delay:
            return nil
        case .disconnect:
            return connection.drop()
        case .raw(let response):
            return response.hummingbirdResponse
        case .storageError(let status, let reason, let message):
            return storageError(status: status, reason: reason, message: message)
        case .oauthError(let status, let error, let description):
            return oauthError(status: status, error: error, description: description)
        case .rateLimited(let retryAfter):
            return storageError(
                status: 429, reason: "rateLimitExceeded", message: "The project exceeded the rate limit.",
                headers: retryAfter.map { [("Retry-After", $0)] } ?? [])
        }
    }

    // MARK: - Token endpoint

    private func exchangeToken(_ request: RecordedRequest) -> Response {
        let form = request.form
        guard request.header("content-type")?.hasPrefix("application/x-www-form-urlencoded") == true else {
            return oauthError(status: 400, error: "invalid_request", description: "Unsupported content type")
        }
        guard let grantType = form["grant_type"] else {
            return oauthError(status: 400, error: "invalid_request", description: "Missing required parameter: grant_type")
        }
        guard grantType == "urn:ietf:params:oauth:grant-type:jwt-bearer" else {
            return oauthError(status: 400, error: "unsupported_grant_type", description: "Invalid grant_type: \(grantType)")
        }
        guard let assertion = form["assertion"], !assertion.isEmpty else {
            return oauthError(status: 400, error: "invalid_request", description: "Missing required parameter: assertion")
        }
        let verified: (header: JSONValue, claims: JSONValue)
        switch verify(assertion) {
        case .success(let result): verified = result
        case .failure(let problem): return oauthError(status: 400, error: "invalid_grant", description: problem.description)
        }
        let (token, lifetime) = storage.withLock { state -> (String, Int) in
            let token = "ya29.fake-\(state.exchanges.count + 1)-\(UUID().uuidString.prefix(8).lowercased())"
            state.tokens[token] = .now + .seconds(state.tokenLifetimeSeconds)
            state.exchanges.append(TokenExchange(header: verified.header, claims: verified.claims, accessToken: token))
            return (token, state.tokenLifetimeSeconds)
        }
        return FakeResponse.json(
            status: 200,
            ["access_token": .string(token), "expires_in": .number(Double(lifetime)), "token_type": "Bearer"],
            headers: [("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")]
        ).hummingbirdResponse
    }

    private struct InvalidGrant: Error, CustomStringConvertible {
        let description: String
    }

    private func verify(_ assertion: String) -> Result<(header: JSONValue, claims: JSONValue), InvalidGrant> {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Self.base64URLDecode(parts[0]),
            let claimsData = Self.base64URLDecode(parts[1]), let signature = Self.base64URLDecode(parts[2]),
            let header = JSONValue(data: headerData), let claims = JSONValue(data: claimsData)
        else {
            return .failure(InvalidGrant(description: "Invalid JWT: malformed assertion."))
        }
        guard header["alg"]?.string == "RS256" else {
            return .failure(InvalidGrant(description: "Invalid JWT: unsupported signing algorithm."))
        }
        if let kid = header["kid"]?.string, let privateKeyID, kid != privateKeyID {
            return .failure(InvalidGrant(description: "Invalid JWT Signature."))
        }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard
            publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: signingInput,
                padding: .insecurePKCS1v1_5)
        else {
            return .failure(InvalidGrant(description: "Invalid JWT Signature."))
        }
        guard claims["iss"]?.string == clientEmail else {
            return .failure(InvalidGrant(description: "Invalid grant: account not found"))
        }
        guard let tokenURL, claims["aud"]?.string == tokenURL.absoluteString else {
            return .failure(InvalidGrant(description: "Invalid JWT: Failed audience check."))
        }
        guard let scope = claims["scope"]?.string, !scope.isEmpty else {
            return .failure(InvalidGrant(description: "Invalid JWT: No valid scope."))
        }
        let now = Date().timeIntervalSince1970
        guard let iat = claims["iat"]?.number, let exp = claims["exp"]?.number, exp > iat, exp - iat <= 3600,
            iat <= now + 300, exp > now - 300
        else {
            return .failure(
                InvalidGrant(
                    description: "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."
                ))
        }
        return .success((header, claims))
    }

    private static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    private func oauthError(status: Int, error: String, description: String) -> Response {
        FakeResponse.json(status: status, ["error": .string(error), "error_description": .string(description)])
            .hummingbirdResponse
    }

    // MARK: - JSON API

    private func authenticationFailure(_ request: RecordedRequest) -> Response? {
        guard let authorization = request.header("authorization"), authorization.hasPrefix("Bearer ") else {
            return storageError(
                status: 401, reason: "required",
                message: "Anonymous caller does not have storage.objects.delete access to the Google Cloud Storage object.",
                headers: [("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"")])
        }
        let token = String(authorization.dropFirst("Bearer ".count))
        let valid = storage.withLock { state in
            state.tokens[token].map { ContinuousClock.now < $0 } ?? false
        }
        guard valid else {
            return storageError(
                status: 401, reason: "authError", message: "Invalid Credentials",
                headers: [("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"")])
        }
        return nil
    }

    private func deleteObject(bucket: String, object: String, query: String?) -> Response {
        let generation = query?.split(separator: "&").first { $0.hasPrefix("generation=") }
            .flatMap { Int64($0.dropFirst("generation=".count)) }
        let deleted = storage.withLock { state -> Bool in
            let key = bucket + "/" + object
            guard let current = state.objects[key], generation == nil || generation == current else { return false }
            state.objects[key] = nil
            state.contents[key] = nil
            return true
        }
        guard deleted else {
            return storageError(status: 404, reason: "notFound", message: "No such object: \(bucket)/\(object)")
        }
        return Response(status: .noContent)
    }

    private func storageError(
        status: Int,
        reason: String,
        message: String,
        headers: [(name: String, value: String)] = []
    ) -> Response {
        let body: JSONValue = [
            "error": [
                "code": .number(Double(status)),
                "message": .string(message),
                "errors": [["message": .string(message), "domain": "global", "reason": .string(reason)]],
            ]
        ]
        return FakeResponse.json(status: status, body, headers: headers).hummingbirdResponse
    }
}
