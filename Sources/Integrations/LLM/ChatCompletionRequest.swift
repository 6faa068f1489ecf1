/// What to ask a chat completions endpoint.
public struct ChatCompletionRequest: Sendable, Hashable {
    /// The prompt, oldest message first; must not be empty.
    public var messages: [ChatMessage]
    /// A model for this request only; `nil` uses ``ChatCompletionsConfiguration/model``.
    public var model: String?
    /// Sampling temperature, 0–2.
    public var temperature: Double?
    /// Nucleus sampling probability mass.
    public var topP: Double?
    /// The most tokens to generate (`max_completion_tokens`).
    public var maxCompletionTokens: Int?
    /// Up to four stop sequences.
    public var stop: [String]?
    /// A seed for best-effort deterministic sampling.
    public var seed: Int?
    /// Free text or JSON mode.
    public var responseFormat: ChatResponseFormat
    /// An end-user identifier for the provider's abuse monitoring (never a name or e-mail).
    public var user: String?

    /// Creates a request.
    public init(
        messages: [ChatMessage],
        model: String? = nil,
        temperature: Double? = nil,
        topP: Double? = nil,
        maxCompletionTokens: Int? = nil,
        stop: [String]? = nil,
        seed: Int? = nil,
        responseFormat: ChatResponseFormat = .text,
        user: String? = nil
    ) {
        self.messages = messages
        self.model = model
        self.temperature = temperature
        self.topP = topP
        self.maxCompletionTokens = maxCompletionTokens
        self.stop = stop
        self.seed = seed
        self.responseFormat = responseFormat
        self.user = user
    }
}
