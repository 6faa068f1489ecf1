internal import AsyncHTTPClient
internal import Foundation
internal import NIOCore
internal import NIOHTTP1

/// Performs one service-account JWT-bearer exchange against the OAuth token endpoint.
struct GCSTokenFetcher: Sendable {
    let configuration: GCSStorageConfiguration
    let transport: ProviderHTTPTransport

    /// Signs a fresh assertion, posts it and returns the access token with its refresh time.
    ///
    /// - Throws: ``ProviderError`` (provider ``ProviderName/googleOAuth``): 400 `invalid_grant`
    ///   and other 4xx → permanent, 429 → rate limited, 5xx / network → transient.
    func fetch() async throws -> GCSAccessToken {
        let started = ContinuousClock.now
        let assertion: String
        do {
            assertion = try GCSJWTAssertion.make(
                account: configuration.account,
                scope: configuration.scope,
                audience: configuration.tokenURL.absoluteString,
                issuedAt: Date())
        } catch {
            throw ProviderError(
                kind: .permanent, provider: .googleOAuth, message: "could not sign the token assertion: \(error)")
        }
        var request = HTTPClientRequest(url: configuration.tokenURL.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let form =
            "grant_type=" + PercentEncoding.pathSegment("urn:ietf:params:oauth:grant-type:jwt-bearer")
            + "&assertion=" + PercentEncoding.pathSegment(assertion)
        request.body = .bytes(ByteBuffer(string: form))

        let response = try await transport.send(request)
        let redactor = SecretRedactor(secrets: [assertion])
        guard response.isSuccess else {
            let body = JSONRequest.decode(GCSWire.OAuthError.self, from: response.body)
            let message =
                body?.errorDescription ?? body?.error
                ?? ProviderError.fallbackMessage(status: response.status, body: String(buffer: response.body))
            throw ProviderError.classifying(
                status: response.status, headers: response.headers, provider: .googleOAuth, code: body?.error,
                message: redactor.redact(message), requestID: nil)
        }
        guard let token = JSONRequest.decode(GCSWire.TokenResponse.self, from: response.body),
            let value = token.accessToken, !value.isEmpty
        else {
            throw ProviderError(
                kind: .transient, provider: .googleOAuth, status: response.status,
                message: "token response has no access_token")
        }
        let lifetime = Duration.seconds(max(0, token.expiresIn ?? 3600))
        return GCSAccessToken(value: value, refreshAt: started + lifetime - configuration.tokenRefreshMargin)
    }
}
