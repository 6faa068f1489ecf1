public import AsyncHTTPClient
public import Logging
internal import NIOCore
internal import NIOHTTP1

/// A client for Brevo's transactional e-mail API (`POST /v3/smtp/email`).
///
/// Failures are ``ProviderError``s: 429 → ``ProviderError/Kind/rateLimited(retryAfter:)``
/// (`Retry-After` or `x-sib-ratelimit-reset`), 5xx / network / time-out →
/// ``ProviderError/Kind/transient``, other 4xx → ``ProviderError/Kind/permanent`` with Brevo's
/// `code` and `message`. Brevo has no idempotency key: a retry after a time-out may send the
/// e-mail twice.
public struct BrevoClient: Sendable {
    /// The client's settings.
    public let configuration: BrevoConfiguration
    private let transport: ProviderHTTPTransport
    private let redactor: SecretRedactor

    /// Creates a client that sends its requests over `httpClient` (owned by the caller).
    public init(
        configuration: BrevoConfiguration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "vantahire.integrations.brevo", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.transport = ProviderHTTPTransport(
            httpClient: httpClient, provider: .brevo, timeouts: configuration.timeouts, logger: logger)
        self.redactor = SecretRedactor(secrets: [configuration.apiKey])
    }

    /// Sends `email` and returns the `messageId` Brevo assigned to it.
    ///
    /// - Throws: ``ProviderError``, or `CancellationError` when the calling task is cancelled.
    @discardableResult
    public func send(_ email: BrevoEmail) async throws -> BrevoMessageID {
        var headers = HTTPHeaders()
        headers.add(name: "api-key", value: configuration.apiKey)
        let request = try JSONRequest.make(
            url: endpoint, method: .POST, headers: headers, body: BrevoWire.SendRequest(email))
        let response = try await transport.send(request)
        let requestID = response.headers.first(name: "sib-request-id")
        guard response.isSuccess else {
            let body = JSONRequest.decode(BrevoWire.ErrorBody.self, from: response.body)
            let message =
                body?.message ?? ProviderError.fallbackMessage(status: response.status, body: String(buffer: response.body))
            throw ProviderError.classifying(
                status: response.status, headers: response.headers, provider: .brevo, code: body?.code,
                message: redactor.redact(message), requestID: requestID)
        }
        let decoded = JSONRequest.decode(BrevoWire.SendResponse.self, from: response.body)
        guard let messageID = decoded?.messageId ?? decoded?.messageIds?.first, !messageID.isEmpty else {
            // The e-mail was accepted; retrying would send it again.
            throw ProviderError(
                kind: .permanent, provider: .brevo, status: response.status,
                message: "e-mail accepted but the response has no messageId", requestID: requestID)
        }
        return BrevoMessageID(rawValue: messageID)
    }

    private var endpoint: String { configuration.baseURL.endpoint("/v3/smtp/email") }
}
