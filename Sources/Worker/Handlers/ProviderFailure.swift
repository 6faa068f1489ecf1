import Integrations
import Jobs

/// How provider errors become job outcomes: 429 waits for the provider's `Retry-After`, 5xx,
/// network failures and timeouts retry with backoff, other 4xx discard the job with the
/// provider's message.
enum ProviderFailure {
    static func jobError(_ error: ProviderError) -> any Error {
        switch error.kind {
        case .rateLimited(let retryAfter):
            RetryAfterError(error.description, after: retryAfter ?? .seconds(60))
        case .permanent:
            PermanentJobError(error.description)
        case .transient, .jsonValidationFailed:
            error
        }
    }

    /// Whether the provider answered, so the message was certainly not sent (a timeout or a
    /// dropped connection after the request left may have sent it).
    static func certainlyNotSent(_ error: ProviderError) -> Bool {
        switch error.kind {
        case .rateLimited, .permanent, .jsonValidationFailed: true
        case .transient: (error.status ?? 0) >= 500 || !error.requestSent
        }
    }
}
