import Core
import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `/webhooks/brevo` and `/webhooks/whatsapp`: delivery status callbacks. Statuses only move
/// forward, duplicates change nothing, unknown message ids are acknowledged (200) and logged, and
/// every change publishes `email:status` / `whatsapp:status`.
struct WebhookController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.post("/webhooks/brevo", use: brevo)
        router.get("/webhooks/whatsapp", use: whatsappVerify)
        router.post("/webhooks/whatsapp", use: whatsapp)
    }

    static let bodyLimit = 1 << 20

    struct Receipt: Encodable {
        var received: Int
        var updated: Int
    }

    // MARK: Brevo

    /// Brevo signs nothing: the secret travels as `?secret=`, a bearer token, basic-auth password
    /// or an `X-Webhook-Secret` header, compared in constant time.
    func brevoAuthorized(_ request: Request, secret: String) -> Bool {
        var candidates: [String] = []
        if let value = request.uri.queryParameters["secret"] { candidates.append(String(value)) }
        if let value = request.headers[.webhookSecret] { candidates.append(value) }
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2 {
                switch parts[0].lowercased() {
                case "bearer": candidates.append(String(parts[1]))
                case "basic":
                    if let data = Data(base64Encoded: String(parts[1])), let text = String(data: data, encoding: .utf8),
                       let colon = text.firstIndex(of: ":") {
                        candidates.append(String(text[text.index(after: colon)...]))
                    }
                default: break
                }
            }
        }
        return candidates.contains { ConstantTime.equal(Array($0.utf8), Array(secret.utf8)) }
    }

    struct BrevoEvent: Decodable {
        var event: String?
        var messageId: String?
        var tsEpoch: Double?
        var tsEvent: Double?
        var custom: String?

        enum CodingKeys: String, CodingKey {
            case event
            case custom = "X-Mailin-custom"
            case messageId = "message-id"
            case tsEpoch = "ts_epoch"
            case tsEvent = "ts_event"
        }

        /// Our email row's id, echoed from the `X-Mailin-custom` header the invite was sent with.
        var emailMessageRecord: UUID? {
            guard let custom, let data = custom.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let text = object["emailMessageId"] as? String else { return nil }
            return UUID(uuidString: text)
        }

        /// When it happened: `ts_epoch` (ms, UTC) when present, kept within 2000–2200.
        var date: Date {
            if let tsEpoch, let date = ISO8601.clamped(secondsSince1970: tsEpoch > 1e11 ? tsEpoch / 1000 : tsEpoch) { return date }
            if let tsEvent, let date = ISO8601.clamped(secondsSince1970: tsEvent) { return date }
            return Date()
        }
    }

    /// Brevo event names → our statuses (events without one, e.g. `deferred`, change nothing).
    static func emailStatus(for event: String) -> EmailStatus? {
        switch event {
        case "request", "sent": .sent
        case "delivered": .delivered
        case "opened", "unique_opened", "proxy_open", "unique_proxy_open": .opened
        case "click": .clicked
        case "hard_bounce": .bounced
        case "invalid_email", "blocked", "error": .failed
        case "spam": .spam
        default: nil
        }
    }

    func brevo(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let secret = services.platform.configuration.api.brevoWebhookSecret else {
            throw APIError(.serviceUnavailable, code: "not_configured", message: "Brevo webhooks are not configured (set BREVO_WEBHOOK_SECRET)")
        }
        guard brevoAuthorized(request, secret: secret) else {
            throw APIError(.unauthorized, code: "unauthorized", message: "Missing or wrong webhook secret")
        }
        let data = try await Self.rawBody(request)
        let events: [BrevoEvent]
        do {
            if data.first(where: { !$0.isWhitespace }) == UInt8(ascii: "[") {
                events = try JSONDecoder().decode([BrevoEvent].self, from: data)
            } else {
                events = [try JSONDecoder().decode(BrevoEvent.self, from: data)]
            }
        } catch {
            throw APIError(.badRequest, code: "invalid_json", message: "The body is not a Brevo event")
        }
        var updated = 0
        for event in events {
            guard let name = event.event, let messageId = event.messageId else { continue }
            guard let status = Self.emailStatus(for: name) else {
                context.logger.debug("Brevo event without a status change", metadata: ["event": "\(name)"])
                continue
            }
            var change = try await DeliveryRecord.advanceEmail(messageId: messageId, to: status, at: event.date,
                                                               on: services.platform.postgres, logger: context.logger)
            if change == nil, let record = event.emailMessageRecord,
               try await DeliveryRecord.adoptEmailMessageId(recordId: record, messageId: messageId, on: services.platform.postgres, logger: context.logger) {
                // The send's outcome was never recorded (worker stopped mid-call): Brevo's event tells it.
                context.logger.notice("email row reconciled from Brevo's webhook", metadata: ["record": "\(record)"])
                change = try await DeliveryRecord.advanceEmail(messageId: messageId, to: status, at: event.date,
                                                               on: services.platform.postgres, logger: context.logger)
            }
            if let change {
                updated += 1
                await publish(.emailStatus, change)
            } else {
                context.logger.info("Brevo event changed nothing (unknown message or not newer)", metadata: ["event": "\(name)", "message_id": "\(messageId)"])
            }
        }
        return try JSONResponse.make(.ok, Receipt(received: events.count, updated: updated))
    }

    func publish(_ name: RealtimeEventName<DeliveryStatusUpdate>, _ change: DeliveryRecord.Update) async {
        guard let event = try? RealtimeEvent.deliveryStatus(name, DeliveryStatusUpdate(interviewId: change.interviewId, status: change.status),
                                                            recruiterId: change.recruiterId) else { return }
        await services.platform.events.publish(event)
    }

    static func rawBody(_ request: Request) async throws -> Data {
        let body = request.body
        do {
            return Data(try await body.collect(upTo: bodyLimit).readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "The webhook body is larger than \(bodyLimit) bytes")
        }
    }

    // MARK: WhatsApp

    func whatsappVerify(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let token = services.platform.configuration.api.whatsappVerifyToken else {
            throw APIError(.serviceUnavailable, code: "not_configured", message: "WhatsApp webhooks are not configured (set WHATSAPP_VERIFY_TOKEN)")
        }
        let query = request.uri.queryParameters
        guard query["hub.mode"] == "subscribe", let given = query["hub.verify_token"],
              ConstantTime.equal(Array(String(given).utf8), Array(token.utf8)),
              let challenge = query["hub.challenge"]
        else {
            throw APIError(.forbidden, code: "forbidden", message: "Verification token mismatch")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: String(challenge))))
    }

    struct WhatsAppEnvelope: Decodable {
        struct Entry: Decodable { var changes: [Change]? }
        struct Change: Decodable { var value: Value? }
        struct Value: Decodable { var statuses: [Status]? }
        struct Status: Decodable {
            var id: String
            var status: String
            var timestamp: String?
        }
        var object: String?
        var entry: [Entry]?
    }

    static func whatsappStatus(for status: String) -> WhatsAppStatus? {
        switch status {
        case "sent": .sent
        case "delivered": .delivered
        case "read", "played": .read
        case "failed": .failed
        default: nil
        }
    }

    /// Whether `header` is `sha256=<hex HMAC-SHA256(secret, body)>`.
    static func validSignature(_ header: String?, body: Data, secret: String) -> Bool {
        guard let header, header.hasPrefix("sha256=") else { return false }
        let given = header.dropFirst("sha256=".count).lowercased()
        let expected = SecureToken.hex(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))))
        return ConstantTime.equal(Array(given.utf8), Array(expected.utf8))
    }

    func whatsapp(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let secret = services.platform.configuration.api.whatsappAppSecret else {
            throw APIError(.serviceUnavailable, code: "not_configured", message: "WhatsApp webhooks are not configured (set WHATSAPP_APP_SECRET)")
        }
        let data = try await Self.rawBody(request)
        guard Self.validSignature(request.headers[.hubSignature256], body: data, secret: secret) else {
            throw APIError(.unauthorized, code: "invalid_signature", message: "X-Hub-Signature-256 does not match the body")
        }
        guard let envelope = try? JSONDecoder().decode(WhatsAppEnvelope.self, from: data) else {
            throw APIError(.badRequest, code: "invalid_json", message: "The body is not a WhatsApp webhook envelope")
        }
        var received = 0
        var updated = 0
        for entry in envelope.entry ?? [] {
            for change in entry.changes ?? [] {
                for status in change.value?.statuses ?? [] {
                    received += 1
                    guard let mapped = Self.whatsappStatus(for: status.status) else { continue }
                    let date = status.timestamp.flatMap(Double.init).flatMap { ISO8601.clamped(secondsSince1970: $0) } ?? Date()
                    if let change = try await DeliveryRecord.advanceWhatsApp(messageId: status.id, to: mapped, at: date,
                                                                            on: services.platform.postgres, logger: context.logger) {
                        updated += 1
                        await publish(.whatsappStatus, change)
                    } else {
                        context.logger.info("WhatsApp status changed nothing (unknown message or not newer)", metadata: ["message_id": "\(status.id)"])
                    }
                }
            }
        }
        return try JSONResponse.make(.ok, Receipt(received: received, updated: updated))
    }
}

extension HTTPField.Name {
    /// `X-Webhook-Secret`.
    static let webhookSecret = HTTPField.Name("X-Webhook-Secret")!
    /// `X-Hub-Signature-256`.
    static let hubSignature256 = HTTPField.Name("X-Hub-Signature-256")!
}

extension UInt8 {
    fileprivate var isWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
