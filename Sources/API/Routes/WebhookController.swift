import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Integrations
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

    func brevo(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let secret = services.platform.configuration.api.brevoWebhookSecret else {
            throw APIError(.serviceUnavailable, code: .notConfigured, message: "Brevo webhooks are not configured (set BREVO_WEBHOOK_SECRET)")
        }
        let authorized = BrevoWebhookSecret.matches(
            querySecret: request.uri.queryParameters["secret"].map(String.init), header: request.headers[.webhookSecret],
            authorization: request.headers[.authorization], secret: secret)
        guard authorized else {
            throw APIError(.unauthorized, code: .unauthorized, message: "Missing or wrong webhook secret")
        }
        let data = try await Self.rawBody(request)
        let events: [BrevoWebhookEvent]
        do {
            events = try BrevoWebhookEvent.decodeBody(data)
        } catch {
            throw APIError(.badRequest, code: .invalidJSON, message: "The body is not a Brevo event")
        }
        var updated = 0
        for event in events {
            guard let name = event.event, let messageId = event.messageId else { continue }
            guard let status = event.deliveryEvent.map(EmailStatus.init) else {
                context.logger.debug("Brevo event without a status change", metadata: ["event": "\(name)"])
                continue
            }
            let date = event.secondsSince1970.flatMap { ISO8601.clamped(secondsSince1970: $0) } ?? Date()
            var change = try await DeliveryRecord.advanceEmail(messageId: messageId, to: status, at: date,
                                                               on: services.platform.postgres, logger: context.logger)
            if change == nil, let record = event.emailMessageRecord,
               try await DeliveryRecord.adoptEmailMessageId(recordId: record, messageId: messageId, on: services.platform.postgres, logger: context.logger) {
                // The send's outcome was never recorded (worker stopped mid-call): Brevo's event tells it.
                context.logger.notice("email row reconciled from Brevo's webhook", metadata: ["record": "\(record)"])
                change = try await DeliveryRecord.advanceEmail(messageId: messageId, to: status, at: date,
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
            throw APIError(.contentTooLarge, code: .payloadTooLarge, message: "The webhook body is larger than \(bodyLimit) bytes")
        }
    }

    // MARK: WhatsApp

    func whatsappVerify(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let token = services.platform.configuration.api.whatsappVerifyToken else {
            throw APIError(.serviceUnavailable, code: .notConfigured, message: "WhatsApp webhooks are not configured (set WHATSAPP_VERIFY_TOKEN)")
        }
        let query = request.uri.queryParameters
        guard query["hub.mode"] == "subscribe", let given = query["hub.verify_token"],
              ConstantTime.equal(Array(String(given).utf8), Array(token.utf8)),
              let challenge = query["hub.challenge"]
        else {
            throw APIError(.forbidden, code: .forbidden, message: "Verification token mismatch")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: String(challenge))))
    }

    func whatsapp(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let secret = services.platform.configuration.api.whatsappAppSecret else {
            throw APIError(.serviceUnavailable, code: .notConfigured, message: "WhatsApp webhooks are not configured (set WHATSAPP_APP_SECRET)")
        }
        let data = try await Self.rawBody(request)
        guard WhatsAppWebhookSignature.isValid(request.headers[.hubSignature256], body: data, appSecret: secret) else {
            throw APIError(.unauthorized, code: .invalidSignature, message: "X-Hub-Signature-256 does not match the body")
        }
        guard let envelope = try? JSONDecoder().decode(WhatsAppWebhookEnvelope.self, from: data) else {
            throw APIError(.badRequest, code: .invalidJSON, message: "The body is not a WhatsApp webhook envelope")
        }
        let statuses = envelope.statuses
        var updated = 0
        for status in statuses {
            guard let mapped = status.deliveryEvent.map(WhatsAppStatus.init) else { continue }
            let date = status.secondsSince1970.flatMap { ISO8601.clamped(secondsSince1970: $0) } ?? Date()
            if let change = try await DeliveryRecord.advanceWhatsApp(messageId: status.id, to: mapped, at: date,
                                                                    on: services.platform.postgres, logger: context.logger) {
                updated += 1
                await publish(.whatsappStatus, change)
            } else {
                context.logger.info("WhatsApp status changed nothing (unknown message or not newer)", metadata: ["message_id": "\(status.id)"])
            }
        }
        return try JSONResponse.make(.ok, Receipt(received: statuses.count, updated: updated))
    }
}

extension HTTPField.Name {
    /// `X-Webhook-Secret`.
    static let webhookSecret = HTTPField.Name("X-Webhook-Secret")!
    /// `X-Hub-Signature-256`.
    static let hubSignature256 = HTTPField.Name("X-Hub-Signature-256")!
}
