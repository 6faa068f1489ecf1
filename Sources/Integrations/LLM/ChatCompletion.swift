/// A finished (non-streamed) chat completion.
public struct ChatCompletion: Sendable, Hashable {
    /// The completion's id (`id`), if the server sent one.
    public var id: String?
    /// The model that answered (`model`), if the server said.
    public var model: String?
    /// The generated text of the first choice, verbatim. In JSON mode this is the JSON text,
    /// which the caller must parse and validate.
    public var content: String
    /// Why generation stopped, if the server said.
    public var finishReason: ChatFinishReason?
    /// Token usage, if the server reported it.
    public var usage: ChatCompletionUsage?
    /// The provider's request id (`x-request-id` header, else Groq's `x_groq.id`).
    public var requestID: String?

    /// Creates a completion.
    public init(
        id: String?,
        model: String?,
        content: String,
        finishReason: ChatFinishReason?,
        usage: ChatCompletionUsage?,
        requestID: String?
    ) {
        self.id = id
        self.model = model
        self.content = content
        self.finishReason = finishReason
        self.usage = usage
        self.requestID = requestID
    }
}
