/// The output format requested from the model (`response_format`).
public enum ChatResponseFormat: Sendable, Hashable {
    /// Free text (the provider's default; no `response_format` is sent).
    case text
    /// JSON mode (`{"type":"json_object"}`): the content is a JSON object serialised as a string.
    /// The prompt must mention JSON. The provider may reject invalid output with
    /// ``ProviderError/Kind/jsonValidationFailed(failedGeneration:)``; output it accepts is
    /// returned verbatim and must still be parsed and validated by the caller.
    case jsonObject
}
