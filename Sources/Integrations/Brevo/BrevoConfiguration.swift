public import Foundation

/// Settings for a ``BrevoClient``. The API key is never part of ``description``.
public struct BrevoConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Brevo's API host; requests go to `{baseURL}/v3/smtp/email`.
    public static let defaultBaseURL = URL(string: "https://api.brevo.com")!

    /// The API host (overridable for tests).
    public var baseURL: URL
    /// The API key (`xkeysib-…`), sent in the `api-key` header.
    public var apiKey: String
    /// Connect and read limits.
    public var timeouts: ProviderTimeouts

    /// Creates a configuration.
    public init(
        apiKey: String,
        baseURL: URL = BrevoConfiguration.defaultBaseURL,
        timeouts: ProviderTimeouts = ProviderTimeouts(connect: .seconds(5), read: .seconds(15))
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.timeouts = timeouts
    }

    /// The settings without the API key.
    public var description: String {
        "BrevoConfiguration(baseURL: \(baseURL.absoluteString), apiKey: <redacted>)"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }
}
