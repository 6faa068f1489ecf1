/// The OpenAI-compatible chat completions wire format (Groq `POST /openai/v1/chat/completions`).
enum ChatCompletionsWire {
    /// The request body.
    struct Request: Encodable {
        struct ResponseFormat: Encodable {
            var type: String
        }

        struct StreamOptions: Encodable {
            var includeUsage: Bool

            enum CodingKeys: String, CodingKey {
                case includeUsage = "include_usage"
            }
        }

        var model: String
        var messages: [ChatMessage]
        var temperature: Double?
        var topP: Double?
        var maxCompletionTokens: Int?
        var stop: [String]?
        var seed: Int?
        var responseFormat: ResponseFormat?
        var user: String?
        var stream: Bool?
        var streamOptions: StreamOptions?

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature, stop, seed, user, stream
            case topP = "top_p"
            case maxCompletionTokens = "max_completion_tokens"
            case responseFormat = "response_format"
            case streamOptions = "stream_options"
        }

        init(_ request: ChatCompletionRequest, defaultModel: String, stream: Bool) {
            self.model = request.model ?? defaultModel
            self.messages = request.messages
            self.temperature = request.temperature
            self.topP = request.topP
            self.maxCompletionTokens = request.maxCompletionTokens
            self.stop = request.stop
            self.seed = request.seed
            self.user = request.user
            switch request.responseFormat {
            case .text: self.responseFormat = nil
            case .jsonObject: self.responseFormat = ResponseFormat(type: "json_object")
            }
            self.stream = stream ? true : nil
            self.streamOptions = stream ? StreamOptions(includeUsage: true) : nil
        }
    }

    /// Token usage as the server reports it.
    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var totalTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }

        var model: ChatCompletionUsage {
            let prompt = promptTokens ?? 0
            let completion = completionTokens ?? 0
            return ChatCompletionUsage(
                promptTokens: prompt, completionTokens: completion, totalTokens: totalTokens ?? prompt + completion)
        }
    }

    /// Groq's `x_groq` extension object.
    struct GroqExtension: Decodable {
        var id: String?
        var usage: Usage?
        var error: String?
    }

    /// A non-streamed response.
    struct Response: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable {
                var content: String?
            }

            var message: Message?
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case message
                case finishReason = "finish_reason"
            }
        }

        var id: String?
        var model: String?
        var choices: [Choice]
        var usage: Usage?
        var xGroq: GroqExtension?

        enum CodingKeys: String, CodingKey {
            case id, model, choices, usage
            case xGroq = "x_groq"
        }
    }

    /// One streamed chunk (`data: {...}`).
    struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable {
                var content: String?
            }

            var delta: Delta?
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case delta
                case finishReason = "finish_reason"
            }
        }

        var choices: [Choice]?
        var usage: Usage?
        var xGroq: GroqExtension?
        var error: ErrorBody?

        enum CodingKeys: String, CodingKey {
            case choices, usage, error
            case xGroq = "x_groq"
        }
    }

    /// The `error` object of an error response or a mid-stream error event.
    struct ErrorBody: Decodable {
        var message: String?
        var type: String?
        var code: String?
        var failedGeneration: String?

        enum CodingKeys: String, CodingKey {
            case message, type, code
            case failedGeneration = "failed_generation"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            failedGeneration = try? container.decodeIfPresent(String.self, forKey: .failedGeneration)
            if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
                code = text
            } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
                code = String(number)
            } else {
                code = nil
            }
        }
    }

    /// An error response body: `{"error": {...}}`.
    struct ErrorEnvelope: Decodable {
        var error: ErrorBody
    }
}
