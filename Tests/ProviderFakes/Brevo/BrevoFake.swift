public import Foundation
internal import Hummingbird
internal import Synchronization

/// A faithful local imitation of Brevo's transactional e-mail send, `POST /v3/smtp/email`
/// (providers.md §4.4).
///
/// * The `api-key` header must be present (401 `unauthorized`, "authentication not found in
///   headers") and match (401 `unauthorized`, "Key not found").
/// * `sender`, `to`, `subject` and `htmlContent` are required unless `templateId` is given
///   (400 `missing_parameter`); an address without `@` is 400 `invalid_parameter`.
/// * Success is 201 `{"messageId": "<…@smtp-relay.mailin.fr>"}` (angle brackets included).
/// * Every answer carries `x-sib-ratelimit-*` headers; errors carry `sib-request-id`.
///
/// The accepted e-mails (with their tags, headers and params) are available as ``sentEmails``.
public final class BrevoFake: ProviderFake {
    /// The path the fake serves.
    public static let sendPath = "/v3/smtp/email"

    /// The API key clients must send in `api-key`.
    public let apiKey: String

    private let server = FakeHTTPServer()
    private let state = FakeState<Behavior>()
    private let accepted = Mutex<[SentEmail]>([])
    private let counter = Mutex(0)

    /// Creates a fake that accepts `apiKey`.
    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    /// The server's base URL while running (the value for a client's base URL).
    public var baseURL: URL? { server.baseURL }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { state.requests }

    /// The e-mails accepted so far with the message ids returned for them, oldest first.
    public var sentEmails: [SentEmail] { accepted.withLock { $0 } }

    /// Queues behaviours for the next requests, in order.
    public func enqueue(_ behaviors: Behavior...) {
        state.enqueue(behaviors)
    }

    /// Starts the fake.
    public func start() async throws -> URL {
        try await server.start { [self] request, connection in
            try await handle(request, connection: connection)
        }
    }

    /// Stops the fake.
    public func stop() async {
        await server.stop()
    }

    // MARK: - Handling

    private func handle(_ request: RecordedRequest, connection: FakeConnection) async throws -> Response {
        state.record(request)
        let number = counter.withLock { count -> Int in
            count += 1
            return count
        }
        guard request.path == Self.sendPath else {
            return error(status: 404, code: "document_not_found", message: "Invalid route", number: number)
        }
        guard request.method == "POST" else {
            return error(status: 405, code: "method_not_allowed", message: "Method not allowed", number: number)
        }
        guard let key = request.header("api-key"), !key.isEmpty else {
            return error(
                status: 401, code: "unauthorized", message: "authentication not found in headers", number: number)
        }
        guard key == apiKey else {
            return error(status: 401, code: "unauthorized", message: "Key not found", number: number)
        }
        var behavior = state.nextBehavior() ?? .accept
        while case .delay(let duration, let next) = behavior {
            try await Task.sleep(for: duration)
            behavior = next
        }
        switch behavior {
        case .accept, .delay:
            break
        case .disconnect:
            return connection.drop()
        case .raw(let response):
            return response.hummingbirdResponse
        case .error(let status, let code, let message):
            return error(status: status, code: code, message: message, number: number)
        case .rateLimited(let resetSeconds, let retryAfter):
            var headers = rateLimitHeaders(remaining: 0, reset: resetSeconds)
            if let retryAfter { headers.append(("Retry-After", retryAfter)) }
            return error(
                status: 429, code: "too_many_requests", message: "The expected rate limit is exceeded.",
                number: number, headers: headers)
        }
        guard let email = request.json, email.object != nil else {
            return error(status: 400, code: "bad_request", message: "Input must be a valid JSON object", number: number)
        }
        if let (code, message) = Self.validationProblem(email) {
            return error(status: 400, code: code, message: message, number: number)
        }
        let messageID = "<20261127100000.\(String(format: "%011d", 12_345_678_900 + number))@smtp-relay.mailin.fr>"
        accepted.withLock { $0.append(SentEmail(messageID: messageID, body: email)) }
        return FakeResponse.json(
            status: 201, ["messageId": .string(messageID)], headers: rateLimitHeaders(remaining: 999, reset: 1)
        ).hummingbirdResponse
    }

    private static func validationProblem(_ email: JSONValue) -> (code: String, message: String)? {
        let usesTemplate = email["templateId"]?.int != nil
        guard let sender = email["sender"], sender.object != nil else {
            return ("missing_parameter", "sender is missing")
        }
        if sender["id"] == nil, !isEmail(sender["email"]) {
            return ("invalid_parameter", "valid sender email required")
        }
        guard let recipients = email["to"]?.array, !recipients.isEmpty else {
            return ("missing_parameter", "to is missing")
        }
        for recipient in recipients where !isEmail(recipient["email"]) {
            return ("invalid_parameter", "email is not valid in to")
        }
        if !usesTemplate {
            guard let subject = email["subject"]?.string, !subject.isEmpty else {
                return ("missing_parameter", "subject is missing")
            }
            guard let html = email["htmlContent"]?.string, !html.isEmpty else {
                return ("missing_parameter", "htmlContent is missing")
            }
        }
        if let tags = email["tags"], tags.array == nil {
            return ("invalid_parameter", "tags should be an array")
        }
        return nil
    }

    private static func isEmail(_ value: JSONValue?) -> Bool {
        guard let text = value?.string, let at = text.firstIndex(of: "@") else { return false }
        return at != text.startIndex && text.index(after: at) != text.endIndex
    }

    private func rateLimitHeaders(remaining: Int, reset: Int) -> [(name: String, value: String)] {
        [
            ("x-sib-ratelimit-limit", "1000"),
            ("x-sib-ratelimit-remaining", String(remaining)),
            ("x-sib-ratelimit-reset", String(reset)),
        ]
    }

    private func error(
        status: Int,
        code: String,
        message: String,
        number: Int,
        headers: [(name: String, value: String)]? = nil
    ) -> Response {
        FakeResponse.json(
            status: status, ["code": .string(code), "message": .string(message)],
            headers: [("sib-request-id", "fake-\(number)")] + (headers ?? rateLimitHeaders(remaining: 999, reset: 1))
        ).hummingbirdResponse
    }
}
