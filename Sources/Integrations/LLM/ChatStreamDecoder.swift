internal import Foundation

/// Turns the server-sent events of a streamed chat completion into ``ChatCompletionDelta``s and
/// tracks whether the stream ended properly.
struct ChatStreamDecoder {
    let provider: ProviderName
    let redactor: SecretRedactor
    let requestID: String?

    /// Whether `data: [DONE]` has arrived.
    private(set) var isDone = false
    private var sawFinishReason = false
    /// The closing delta (finish reason and/or usage without content), held back until the
    /// stream ends so that a separate usage chunk can be merged into it.
    private var closing: ChatCompletionDelta?

    init(provider: ProviderName, redactor: SecretRedactor, requestID: String?) {
        self.provider = provider
        self.redactor = redactor
        self.requestID = requestID
    }

    /// The deltas an event completes: usually its own content delta; nothing for events without
    /// content (the first chunk's empty content, the finish-reason and usage chunks, which are
    /// merged into one closing delta); the closing delta at `[DONE]`.
    ///
    /// - Throws: ``ProviderError`` for an `error` event, an `x_groq.error`, or undecodable data.
    mutating func decode(_ event: ServerSentEvent) throws -> [ChatCompletionDelta] {
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" {
            isDone = true
            return takeClosing()
        }
        guard let chunk = try? JSONDecoder().decode(ChatCompletionsWire.Chunk.self, from: Data(data.utf8)) else {
            throw ProviderError(
                kind: .transient, provider: provider, message: "stream event is not a JSON chunk",
                requestID: requestID)
        }
        if let failure = chunk.error {
            throw streamError(code: failure.code ?? failure.type, message: failure.message, failedGeneration: failure.failedGeneration)
        }
        if event.event == "error" {
            throw streamError(code: nil, message: data, failedGeneration: nil)
        }
        if let message = chunk.xGroq?.error {
            throw streamError(code: nil, message: message, failedGeneration: nil)
        }
        let choice = chunk.choices?.first
        let content = choice?.delta?.content ?? ""
        let finishReason = choice?.finishReason.map(ChatFinishReason.init(rawValue:))
        let usage = (chunk.usage ?? chunk.xGroq?.usage)?.model
        if finishReason != nil { sawFinishReason = true }
        if content.isEmpty {
            guard finishReason != nil || usage != nil else { return [] }
            var merged = closing ?? ChatCompletionDelta(content: "")
            merged.finishReason = finishReason ?? merged.finishReason
            merged.usage = usage ?? merged.usage
            closing = merged
            return []
        }
        return takeClosing() + [ChatCompletionDelta(content: content, finishReason: finishReason, usage: usage)]
    }

    /// Called when the body has ended: returns the held-back closing delta, or throws unless the
    /// stream ended with `[DONE]` or at least with a `finish_reason`.
    mutating func finish() throws -> [ChatCompletionDelta] {
        guard isDone || sawFinishReason else {
            throw ProviderError(
                kind: .transient, provider: provider, message: "stream ended before the completion finished",
                requestID: requestID)
        }
        return takeClosing()
    }

    private mutating func takeClosing() -> [ChatCompletionDelta] {
        defer { closing = nil }
        return closing.map { [$0] } ?? []
    }

    private func streamError(code: String?, message: String?, failedGeneration: String?) -> ProviderError {
        let kind: ProviderError.Kind =
            switch code {
            case "json_validate_failed": .jsonValidationFailed(failedGeneration: failedGeneration.map(redactor.redact))
            case "rate_limit_exceeded": .rateLimited(retryAfter: nil)
            default: .transient
            }
        return ProviderError(
            kind: kind, provider: provider, code: code,
            message: redactor.redact(message ?? "stream reported an error"), requestID: requestID)
    }
}
