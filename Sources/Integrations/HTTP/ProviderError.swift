/// A failed call to a third-party provider, classified for a job engine's retry decision.
///
/// The ``kind`` says what to do next (wait and retry, retry with back-off, re-prompt, give up);
/// the other properties say what happened. ``message`` is the provider's own error text when it
/// sent one. API keys, access tokens and signed assertions are removed from every text before the
/// error is built, so ``description`` is safe to log and to store with a failed job.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How a caller should react to the failure.
    public var kind: Kind
    /// The provider that failed.
    public var provider: ProviderName
    /// The HTTP status of the provider's answer, or `nil` when no answer arrived (network error,
    /// time-out, broken stream).
    public var status: Int?
    /// The provider's own machine-readable error code when it sent one (Groq `error.code`,
    /// Brevo `code`, Graph `error.code`, Google `error` / `errors[0].reason`).
    public var code: String?
    /// A human-readable explanation, preferably the provider's own, with credentials removed.
    public var message: String
    /// The provider's request identifier when it sent one (for support tickets).
    public var requestID: String?
    /// `false` when the request certainly never reached the provider (no connection could be
    /// opened); `true` when it may have (a time-out or a dropped connection after sending).
    public var requestSent = true

    /// Creates an error; `message` must already be free of credentials.
    public init(
        kind: Kind,
        provider: ProviderName,
        status: Int? = nil,
        code: String? = nil,
        message: String,
        requestID: String? = nil
    ) {
        self.kind = kind
        self.provider = provider
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// Whether trying again later can succeed (everything but ``Kind/permanent``).
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .transient, .jsonValidationFailed: true
        case .permanent: false
        }
    }

    /// How long the provider asked the caller to wait, for ``Kind/rateLimited(retryAfter:)``.
    public var retryAfter: Duration? {
        if case .rateLimited(let retryAfter) = kind { return retryAfter }
        return nil
    }

    /// One line naming the provider, the classification, the status and the provider's message.
    public var description: String {
        var text = "\(provider) \(kind)"
        if let status { text += " (HTTP \(status))" }
        if let code { text += " [\(code)]" }
        text += ": \(message)"
        if let requestID { text += " (request id \(requestID))" }
        return text
    }
}
