public import AsyncHTTPClient
public import Logging
internal import NIOCore
internal import NIOHTTP1

/// A client for Google Cloud Storage's JSON API, authenticated with a service account.
///
/// Failures are ``ProviderError``s: 429 → ``ProviderError/Kind/rateLimited(retryAfter:)``,
/// 5xx / network / time-out → ``ProviderError/Kind/transient``, other 4xx →
/// ``ProviderError/Kind/permanent`` with Google's message and `errors[0].reason` as the code.
/// Token endpoint failures carry provider ``ProviderName/googleOAuth``.
public struct GCSStorageClient: Sendable {
    /// The client's settings.
    public let configuration: GCSStorageConfiguration
    /// The access-token source (shareable with other clients of the same account).
    public let tokenProvider: GCSAccessTokenProvider
    let transport: ProviderHTTPTransport

    /// Creates a client with its own ``GCSAccessTokenProvider``.
    public init(
        configuration: GCSStorageConfiguration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "vantahire.integrations.gcs", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.init(
            configuration: configuration,
            tokenProvider: GCSAccessTokenProvider(configuration: configuration, httpClient: httpClient, logger: logger),
            httpClient: httpClient,
            logger: logger)
    }

    /// Creates a client that takes its access tokens from `tokenProvider`.
    public init(
        configuration: GCSStorageConfiguration,
        tokenProvider: GCSAccessTokenProvider,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "vantahire.integrations.gcs", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.tokenProvider = tokenProvider
        self.transport = ProviderHTTPTransport(
            httpClient: httpClient, provider: .gcs, timeouts: configuration.timeouts, logger: logger)
    }

    /// Deletes an object (`DELETE /storage/v1/b/{bucket}/o/{object}`, the name fully
    /// percent-encoded, `/` included).
    ///
    /// A 404 is not an error: it returns ``GCSDeleteResult/notFound``. If the API rejects the
    /// cached access token (401), the token is dropped and the call is retried once with a new one.
    ///
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - object: The object name, unencoded (for example `audio/2026/a b.wav`).
    ///   - generation: Delete this generation only, if given.
    /// - Throws: ``ProviderError``, or `CancellationError` when the calling task is cancelled.
    @discardableResult
    public func deleteObject(bucket: String, object: String, generation: Int64? = nil) async throws -> GCSDeleteResult {
        var path = "/storage/v1/b/\(PercentEncoding.pathSegment(bucket))/o/\(PercentEncoding.pathSegment(object))"
        if let generation { path += "?generation=\(generation)" }
        let url = configuration.baseURL.endpoint(path)

        var attempt = 0
        while true {
            attempt += 1
            let token = try await tokenProvider.accessToken()
            var request = HTTPClientRequest(url: url)
            request.method = .DELETE
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await transport.send(request)
            switch response.status {
            case 200..<300:
                return .deleted
            case 404:
                return .notFound
            case 401 where attempt == 1:
                await tokenProvider.invalidate(token)
                continue
            default:
                throw error(response, redacting: token)
            }
        }
    }

    // MARK: - Errors

    func error(_ response: ProviderHTTPResponse, redacting token: String) -> ProviderError {
        let redactor = SecretRedactor(secrets: [token])
        let body = JSONRequest.decode(GCSWire.JSONAPIError.self, from: response.body)?.error
        let message =
            body?.message ?? body?.errors?.first?.message
            ?? ProviderError.fallbackMessage(status: response.status, body: String(buffer: response.body))
        return ProviderError.classifying(
            status: response.status, headers: response.headers, provider: .gcs, code: body?.errors?.first?.reason,
            message: redactor.redact(message), requestID: response.headers.first(name: "x-guploader-uploadid"))
    }
}
