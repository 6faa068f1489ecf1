/// One increment of a streamed chat completion, yielded as soon as its SSE event arrives.
///
/// Most deltas carry only ``content``. The last one usually carries ``finishReason`` and, when
/// the server reports it, ``usage`` (possibly with empty content).
public struct ChatCompletionDelta: Sendable, Hashable {
    /// New text to append to the answer (may be empty on the final delta).
    public var content: String
    /// Why generation stopped, on the final delta.
    public var finishReason: ChatFinishReason?
    /// Token usage, on the final delta when the server reports it.
    public var usage: ChatCompletionUsage?

    /// Creates a delta.
    public init(content: String, finishReason: ChatFinishReason? = nil, usage: ChatCompletionUsage? = nil) {
        self.content = content
        self.finishReason = finishReason
        self.usage = usage
    }
}
