public import AsyncHTTPClient
public import Logging
internal import NIOCore
internal import NIOHTTP1

/// A client for sending template messages through Meta's WhatsApp Cloud API
/// (`POST /v{N}.0/{phone-number-id}/messages`).
///
/// Failures are ``ProviderError``s with the Graph `error.code` as ``ProviderError/code``:
/// HTTP 429 and Meta's throttling codes (4, 80007, 130429, 131048, 131056 — sent with HTTP 400)
/// → ``ProviderError/Kind/rateLimited(retryAfter:)``; 5xx, network errors, time-outs and Meta's
/// "temporary" codes (1, 2, 131016) → ``ProviderError/Kind/transient``; other 4xx (invalid token
/// 190, invalid parameter 100, recipient not allowed 131030, template missing 132001, outside
/// the 24-hour window 131047, …) → ``ProviderError/Kind/permanent`` with Meta's message.
public struct WhatsAppClient: Sendable {
    /// Graph error codes that mean "throttled", whatever the HTTP status.
    static let rateLimitCodes: Set<Int> = [4, 80007, 130429, 131048, 131056]
    /// Graph error codes that Meta documents as temporary.
    static let temporaryCodes: Set<Int> = [1, 2, 131016]

    /// The client's settings.
    public let configuration: WhatsAppConfiguration
    private let transport: ProviderHTTPTransport
    private let redactor: SecretRedactor

    /// Creates a client that sends its requests over `httpClient` (owned by the caller).
    public init(
        configuration: WhatsAppConfiguration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "vantahire.integrations.whatsapp", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.transport = ProviderHTTPTransport(
            httpClient: httpClient, provider: .whatsApp, timeouts: configuration.timeouts, logger: logger)
        self.redactor = SecretRedactor(secrets: [configuration.accessToken])
    }

    /// Sends a template message and returns Meta's acknowledgement with the `wamid` message id.
    ///
    /// - Throws: ``ProviderError``, or `CancellationError` when the calling task is cancelled.
    @discardableResult
    public func sendTemplate(_ message: WhatsAppTemplateMessage) async throws -> WhatsAppSentMessage {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(configuration.accessToken)")
        let request = try JSONRequest.make(
            url: endpoint, method: .POST, headers: headers, body: WhatsAppWire.TemplateRequest(message))
        let response = try await transport.send(request)
        guard response.isSuccess else {
            throw error(status: response.status, headers: response.headers, body: response.body)
        }
        guard let decoded = JSONRequest.decode(WhatsAppWire.SendResponse.self, from: response.body),
            let sent = decoded.messages.first, !sent.id.isEmpty
        else {
            // Meta accepted the message; retrying would send it again.
            throw ProviderError(
                kind: .permanent, provider: .whatsApp, status: response.status,
                message: "message accepted but the response has no messages[0].id")
        }
        return WhatsAppSentMessage(
            messageID: sent.id, waID: decoded.contacts?.first?.waID, messageStatus: sent.messageStatus)
    }

    // MARK: - Private

    private var endpoint: String {
        configuration.baseURL.endpoint(
            "/\(PercentEncoding.pathSegment(configuration.apiVersion))/\(PercentEncoding.pathSegment(configuration.phoneNumberID))/messages"
        )
    }

    private func error(status: Int, headers: HTTPHeaders, body: ByteBuffer) -> ProviderError {
        guard let graph = JSONRequest.decode(WhatsAppWire.ErrorEnvelope.self, from: body)?.error else {
            return ProviderError.classifying(
                status: status, headers: headers, provider: .whatsApp, code: nil,
                message: redactor.redact(ProviderError.fallbackMessage(status: status, body: String(buffer: body))),
                requestID: nil)
        }
        var message = graph.message ?? "HTTP \(status)"
        if let details = graph.errorData?.details, !details.isEmpty, !message.contains(details) {
            message += " — \(details)"
        }
        let classified = ProviderError.classifying(
            status: status, headers: headers, provider: .whatsApp, code: graph.code.map(String.init),
            message: redactor.redact(message), requestID: graph.fbtraceID)
        guard let code = graph.code, status != 429, !(500...599).contains(status) else { return classified }
        var result = classified
        if Self.rateLimitCodes.contains(code) {
            result.kind = .rateLimited(retryAfter: RetryDelayParser.retryDelay(from: headers))
        } else if Self.temporaryCodes.contains(code) {
            result.kind = .transient
        }
        return result
    }
}
