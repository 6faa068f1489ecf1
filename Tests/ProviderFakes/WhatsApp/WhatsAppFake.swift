public import Foundation
internal import Hummingbird
internal import Synchronization

/// A faithful local imitation of the WhatsApp Cloud API send endpoint,
/// `POST /v{N}.0/{phone-number-id}/messages` (providers.md §5.4).
///
/// * The version segment must look like `v21.0`; the phone-number id must be the configured one
///   (400, code 100, subcode 33 otherwise).
/// * `Authorization: Bearer` must carry the configured token (401, code 190, otherwise).
/// * `messaging_product` must be `whatsapp` and `to` and `type` present; template messages need
///   `template.name` and `template.language.code` (400, code 100, otherwise).
/// * Success is the §5.1 body with a fresh `wamid.…` id and `message_status: accepted`.
/// * Errors use the full Graph envelope (`message`, `type`, `code`, `error_subcode`,
///   `error_data`, `fbtrace_id`).
public final class WhatsAppFake: ProviderFake {
    /// The access token clients must send.
    public let accessToken: String
    /// The business phone-number id the fake serves.
    public let phoneNumberID: String

    private let server = FakeHTTPServer()
    private let state = FakeState<Behavior>()
    private let sent = Mutex<[String]>([])
    private let counter = Mutex(0)

    /// Creates a fake for `phoneNumberID` that accepts `accessToken`.
    public init(accessToken: String, phoneNumberID: String) {
        self.accessToken = accessToken
        self.phoneNumberID = phoneNumberID
    }

    /// The server's base URL while running (the value for a client's base URL).
    public var baseURL: URL? { server.baseURL }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { state.requests }

    /// The `wamid` ids of the messages accepted so far, oldest first.
    public var sentMessageIDs: [String] { sent.withLock { $0 } }

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
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false)
        guard request.method == "POST", segments.count == 4, segments[0].isEmpty, segments[3] == "messages",
            Self.isVersion(segments[1])
        else {
            return graphError(
                status: 400, code: 100, subcode: nil, type: "GraphMethodException",
                message: "Unsupported \(request.method.lowercased()) request.", details: nil, number: number)
        }
        guard let authorization = request.header("authorization"), authorization.hasPrefix("Bearer "),
            authorization.dropFirst("Bearer ".count) == accessToken
        else {
            return graphError(
                status: 401, code: 190, subcode: nil, type: "OAuthException",
                message: "Invalid OAuth access token - Cannot parse access token", details: nil, number: number)
        }
        guard segments[2] == phoneNumberID else {
            return graphError(
                status: 400, code: 100, subcode: 33, type: "GraphMethodException",
                message: "Unsupported post request. Object with ID '\(segments[2])' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                details: nil, number: number)
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
        case .graphError(let status, let code, let subcode, let type, let message, let details):
            return graphError(
                status: status, code: code, subcode: subcode, type: type, message: message, details: details,
                number: number)
        case .rateLimited(let retryAfter):
            let response = graphError(
                status: 429, code: 80007, subcode: nil, type: "OAuthException",
                message: "(#80007) There have been too many calls to this WhatsApp Business account. Wait a bit and try again.",
                details: nil, number: number, headers: retryAfter.map { [("Retry-After", $0)] } ?? [])
            return response
        }
        guard let message = request.json, message.object != nil else {
            return invalidParameter("(#100) The parameter messaging_product is required.", number: number)
        }
        if let problem = Self.validationProblem(message) {
            return invalidParameter(problem, number: number)
        }
        let to = message["to"]?.string ?? ""
        let waID = to.filter(\.isNumber)
        let wamid = Self.makeWamid(recipient: waID, number: number)
        sent.withLock { $0.append(wamid) }
        var acknowledged: [String: JSONValue] = ["id": .string(wamid)]
        if message["type"]?.string == "template" { acknowledged["message_status"] = "accepted" }
        let body: JSONValue = [
            "messaging_product": "whatsapp",
            "contacts": [["input": .string(to), "wa_id": .string(waID)]],
            "messages": [.object(acknowledged)],
        ]
        return FakeResponse.json(status: 200, body).hummingbirdResponse
    }

    private static func isVersion(_ segment: Substring) -> Bool {
        guard segment.hasPrefix("v") else { return false }
        let parts = segment.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    private static func validationProblem(_ message: JSONValue) -> String? {
        guard let product = message["messaging_product"]?.string else {
            return "(#100) The parameter messaging_product is required."
        }
        guard product == "whatsapp" else {
            return "(#100) Param messaging_product must be one of {WHATSAPP} - got \"\(product)\"."
        }
        guard let to = message["to"]?.string, !to.isEmpty else {
            return "(#100) The parameter to is required."
        }
        guard to.drop(while: { $0 == "+" }).allSatisfy(\.isNumber) else {
            return "(#100) Invalid parameter: to must be a phone number."
        }
        guard let type = message["type"]?.string else {
            return "(#100) The parameter type is required."
        }
        switch type {
        case "template":
            guard let name = message["template"]?["name"]?.string, !name.isEmpty else {
                return "(#100) The parameter template['name'] is required."
            }
            guard let code = message["template"]?["language"]?["code"]?.string, !code.isEmpty else {
                return "(#100) The parameter template['language']['code'] is required."
            }
            for component in message["template"]?["components"]?.array ?? [] {
                guard let kind = component["type"]?.string, ["header", "body", "button"].contains(kind) else {
                    return "(#100) Invalid parameter: template['components'][]['type']."
                }
                if kind == "button", component["sub_type"]?.string == nil || component["index"]?.string == nil {
                    return "(#100) The parameters sub_type and index are required for button components."
                }
            }
        case "text":
            guard message["text"]?["body"]?.string != nil else {
                return "(#100) The parameter text['body'] is required."
            }
        default:
            break
        }
        return nil
    }

    private static func makeWamid(recipient: String, number: Int) -> String {
        let payload = "\(recipient)\u{15}\u{02}\u{00}\u{11}\u{18}\(number)\(UUID().uuidString.prefix(12))"
        return "wamid." + Data(payload.utf8).base64EncodedString()
    }

    private func invalidParameter(_ message: String, number: Int) -> Response {
        graphError(status: 400, code: 100, subcode: nil, type: "OAuthException", message: message, details: nil, number: number)
    }

    private func graphError(
        status: Int,
        code: Int,
        subcode: Int?,
        type: String,
        message: String,
        details: String?,
        number: Int,
        headers: [(name: String, value: String)] = []
    ) -> Response {
        var error: [String: JSONValue] = [
            "message": .string(message),
            "type": .string(type),
            "code": .number(Double(code)),
            "fbtrace_id": .string("AFakeTrace\(number)"),
        ]
        if let subcode { error["error_subcode"] = .number(Double(subcode)) }
        if let details { error["error_data"] = ["messaging_product": "whatsapp", "details": .string(details)] }
        return FakeResponse.json(status: status, ["error": .object(error)], headers: headers).hummingbirdResponse
    }
}
