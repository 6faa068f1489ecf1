public import Foundation

/// Settings for a ``ChatCompletionsClient``: where the OpenAI-compatible server is, how to
/// authenticate, which model to use and how long to wait.
///
/// The API key is never part of ``description`` or ``debugDescription``.
public struct ChatCompletionsConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Groq's OpenAI-compatible API root.
    public static let groqBaseURL = URL(string: "https://api.groq.com/openai/v1")!

    /// The API root; requests go to `{baseURL}/chat/completions`.
    public var baseURL: URL
    /// The bearer API key (`gsk_…` for Groq).
    public var apiKey: String
    /// The default model (for example `llama-3.3-70b-versatile`); a request may override it.
    public var model: String
    /// Connect and read limits. Streams may run as long as tokens keep arriving within ``ProviderTimeouts/read``.
    public var timeouts: ProviderTimeouts
    /// The name errors and logs use (``ProviderName/groq`` unless another server is configured).
    public var provider: ProviderName

    /// Creates a configuration; only the key and model are required.
    public init(
        apiKey: String,
        model: String,
        baseURL: URL = ChatCompletionsConfiguration.groqBaseURL,
        timeouts: ProviderTimeouts = ProviderTimeouts(connect: .seconds(5), read: .seconds(60)),
        provider: ProviderName = .groq
    ) {
        self.apiKey = apiKey
        self.model = model
        self.baseURL = baseURL
        self.timeouts = timeouts
        self.provider = provider
    }

    /// The settings without the API key.
    public var description: String {
        "ChatCompletionsConfiguration(provider: \(provider), baseURL: \(baseURL.absoluteString), model: \(model), apiKey: <redacted>)"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }
}
