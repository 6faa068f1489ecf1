public import AsyncHTTPClient
public import Logging

/// Supplies OAuth 2.0 access tokens for a service account, obtained with the JWT-bearer grant
/// (an RS256 assertion signed by ``GCSServiceAccount/signRS256(_:)``, posted to the token URL).
///
/// A token is cached until ``GCSStorageConfiguration/tokenRefreshMargin`` before it expires.
/// Concurrent callers that find no valid token share a single exchange. Share one provider
/// between all clients that use the same account and scope.
public actor GCSAccessTokenProvider {
    private let fetcher: GCSTokenFetcher
    private var cached: GCSAccessToken?
    private var refresh: Task<GCSAccessToken, any Error>?

    /// Creates a provider that exchanges assertions over `httpClient` (owned by the caller).
    public init(
        configuration: GCSStorageConfiguration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "vantahire.integrations.gcs.oauth", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.fetcher = GCSTokenFetcher(
            configuration: configuration,
            transport: ProviderHTTPTransport(
                httpClient: httpClient, provider: .googleOAuth, timeouts: configuration.timeouts, logger: logger))
    }

    /// A valid access token: the cached one, or a fresh one (one exchange for all concurrent callers).
    ///
    /// - Throws: ``ProviderError`` from the token endpoint (provider ``ProviderName/googleOAuth``).
    public func accessToken() async throws -> String {
        if let cached, ContinuousClock.now < cached.refreshAt {
            return cached.value
        }
        let task: Task<GCSAccessToken, any Error>
        if let refresh {
            task = refresh
        } else {
            let fetcher = self.fetcher
            task = Task { try await fetcher.fetch() }
            refresh = task
        }
        do {
            let token = try await task.value
            if refresh == task {
                cached = token
                refresh = nil
            }
            return token.value
        } catch {
            if refresh == task { refresh = nil }
            throw error
        }
    }

    /// Forgets `token` if it is the cached one (for example after the API rejected it with 401),
    /// so that the next ``accessToken()`` call fetches a new one.
    public func invalidate(_ token: String) {
        if cached?.value == token { cached = nil }
    }
}
