/// Why the model stopped generating (`finish_reason`); an open set.
public struct ChatFinishReason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The provider's raw value.
    public let rawValue: String

    /// Wraps a raw `finish_reason` value.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The raw value.
    public var description: String { rawValue }

    /// A natural stop or a stop sequence.
    public static let stop = ChatFinishReason(rawValue: "stop")
    /// The token limit (`max_completion_tokens`) was reached.
    public static let length = ChatFinishReason(rawValue: "length")
    /// The model asked for tool calls.
    public static let toolCalls = ChatFinishReason(rawValue: "tool_calls")
    /// The output was cut by a content filter.
    public static let contentFilter = ChatFinishReason(rawValue: "content_filter")
}
