/// An `error` message of Cartesia's TTS WebSocket, legacy or structured (API version
/// `2026-03-01` and later); it always ends its context (`done: true`).
///
/// - legacy: `{"type": "error", "context_id": "…", "status_code": 400, "done": true, "error": "<text>"}`
/// - structured: `{"type": "error", "done": true, "status_code": 429, "error_code": "concurrency_limited",
///   "title": "…", "message": "…", "request_id": "…", "context_id": "…", "doc_url": "…"}`
public struct CartesiaErrorMessage: Codable, Sendable, Equatable {
    /// The failed context, when the error concerns one.
    public var contextId: String?
    /// HTTP-like status (400, 429, …).
    public var statusCode: Int?
    /// Whether the context is over (always `true` for errors).
    public var done: Bool
    /// Legacy error text.
    public var error: String?
    /// Structured error code, e.g. `concurrency_limited`.
    public var errorCode: String?
    /// Structured short title.
    public var title: String?
    /// Structured message.
    public var message: String?
    /// Request identifier.
    public var requestId: String?
    /// Documentation link.
    public var docURL: String?

    /// An error message.
    public init(
        contextId: String? = nil, statusCode: Int? = nil, done: Bool = true, error: String? = nil, errorCode: String? = nil,
        title: String? = nil, message: String? = nil, requestId: String? = nil, docURL: String? = nil
    ) {
        self.contextId = contextId
        self.statusCode = statusCode
        self.done = done
        self.error = error
        self.errorCode = errorCode
        self.title = title
        self.message = message
        self.requestId = requestId
        self.docURL = docURL
    }

    /// The most informative text available, e.g. `429 concurrency_limited: Too many requests`.
    public var reason: String {
        let detail = [errorCode, title, message, error].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        guard let statusCode else { return detail }
        return detail.isEmpty ? String(statusCode) : "\(statusCode) \(detail)"
    }

    private enum CodingKeys: String, CodingKey {
        case contextId = "context_id"
        case statusCode = "status_code"
        case done, error
        case errorCode = "error_code"
        case title, message
        case requestId = "request_id"
        case docURL = "doc_url"
    }

    /// Decodes either shape; every field is optional, `done` defaults to `true`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contextId = try container.decodeIfPresent(String.self, forKey: .contextId)
        statusCode = try container.decodeIfPresent(Int.self, forKey: .statusCode)
        done = try container.decodeIfPresent(Bool.self, forKey: .done) ?? true
        error = try container.decodeIfPresent(String.self, forKey: .error)
        errorCode = try container.decodeIfPresent(String.self, forKey: .errorCode)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        requestId = try container.decodeIfPresent(String.self, forKey: .requestId)
        docURL = try container.decodeIfPresent(String.self, forKey: .docURL)
    }
}
