internal import NIOHTTP1

extension ProviderError {
    /// Classifies a provider's HTTP error answer by status: 429 → rate limited (with the wait the
    /// headers ask for), 408 / 425 / 5xx → transient, anything else → permanent.
    static func classifying(
        status: Int,
        headers: HTTPHeaders,
        provider: ProviderName,
        code: String?,
        message: String,
        requestID: String?
    ) -> ProviderError {
        let kind: Kind
        switch status {
        case 429:
            kind = .rateLimited(retryAfter: RetryDelayParser.retryDelay(from: headers))
        case 408, 425, 500...599:
            kind = .transient
        default:
            kind = .permanent
        }
        return ProviderError(
            kind: kind, provider: provider, status: status, code: code, message: message, requestID: requestID)
    }

    /// The message to use when a provider's error body could not be parsed: its first 200
    /// printable characters, or the status when it was empty.
    static func fallbackMessage(status: Int, body: String) -> String {
        let printable = body.unicodeScalars.filter { !$0.properties.isWhitespace || $0 == " " }
        let text = String(String.UnicodeScalarView(printable.prefix(200)))
        return text.isEmpty ? "HTTP \(status) with no error body" : text
    }
}
