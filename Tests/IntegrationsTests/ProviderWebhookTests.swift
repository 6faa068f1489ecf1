import Crypto
import Foundation
import Integrations
import Testing

@Suite("Brevo and WhatsApp webhook formats and checks")
struct ProviderWebhookTests {
    @Test func brevoSecretIsAcceptedInEachOfItsFormsAndOnlyWhenEqual() {
        let secret = "brevo-secret-123"
        let basic = "Basic " + Data("brevo:\(secret)".utf8).base64EncodedString()
        #expect(BrevoWebhookSecret.matches(querySecret: secret, header: nil, authorization: nil, secret: secret))
        #expect(BrevoWebhookSecret.matches(querySecret: nil, header: secret, authorization: nil, secret: secret))
        #expect(BrevoWebhookSecret.matches(querySecret: nil, header: nil, authorization: "Bearer \(secret)", secret: secret))
        #expect(BrevoWebhookSecret.matches(querySecret: nil, header: nil, authorization: basic, secret: secret))
        #expect(!BrevoWebhookSecret.matches(querySecret: nil, header: nil, authorization: nil, secret: secret))
        #expect(!BrevoWebhookSecret.matches(querySecret: "brevo-secret-12", header: "x", authorization: "Bearer y", secret: secret))
        #expect(!BrevoWebhookSecret.matches(querySecret: nil, header: nil, authorization: "Token \(secret)", secret: secret))
    }

    @Test func brevoBodiesHoldOneEventOrAnArray() throws {
        let one = try BrevoWebhookEvent.decodeBody(Data(#"{"event":"delivered","message-id":"<a@b>","ts_epoch":1764237605123}"#.utf8))
        #expect(one.count == 1)
        #expect(one[0].deliveryEvent == .delivered)
        #expect(one[0].secondsSince1970 == 1_764_237_605.123)
        let many = try BrevoWebhookEvent.decodeBody(Data(#" [{"event":"deferred","ts_event":1764237605},{"event":"hard_bounce"}]"#.utf8))
        #expect(many.map(\.deliveryEvent) == [nil, .bounced])
        #expect(many[0].secondsSince1970 == 1_764_237_605)
        #expect(many[1].secondsSince1970 == nil)
        #expect(throws: (any Error).self) { try BrevoWebhookEvent.decodeBody(Data("not json".utf8)) }
    }

    @Test func brevoCustomHeaderCarriesTheEmailRecord() throws {
        let record = UUID()
        let custom = #"{\"emailMessageId\":\"\#(record.uuidString)\"}"#
        let events = try BrevoWebhookEvent.decodeBody(Data(#"{"event":"sent","X-Mailin-custom":"\#(custom)"}"#.utf8))
        #expect(events[0].emailMessageRecord == record)
        #expect(try BrevoWebhookEvent.decodeBody(Data(#"{"event":"sent","X-Mailin-custom":"{}"}"#.utf8))[0].emailMessageRecord == nil)
    }

    @Test func whatsappSignatureIsAnHMACOfTheRawBody() {
        let body = Data(#"{"object":"whatsapp_business_account"}"#.utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data("app-secret".utf8)))
        let header = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        #expect(WhatsAppWebhookSignature.isValid(header, body: body, appSecret: "app-secret"))
        #expect(WhatsAppWebhookSignature.isValid(header.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), body: body, appSecret: "app-secret"))
        #expect(!WhatsAppWebhookSignature.isValid(header, body: body + Data(" ".utf8), appSecret: "app-secret"))
        #expect(!WhatsAppWebhookSignature.isValid(header, body: body, appSecret: "other"))
        #expect(!WhatsAppWebhookSignature.isValid(nil, body: body, appSecret: "app-secret"))
    }

    @Test func whatsappEnvelopeListsEveryStatusInOrder() throws {
        let json = #"""
            {"object":"whatsapp_business_account","entry":[
              {"changes":[{"value":{"statuses":[{"id":"wamid.1","status":"delivered","timestamp":"1764237605"}]}},{"value":{}}]},
              {"changes":[{"value":{"statuses":[{"id":"wamid.2","status":"played"},{"id":"wamid.3","status":"deleted"}]}}]}]}
            """#
        let envelope = try JSONDecoder().decode(WhatsAppWebhookEnvelope.self, from: Data(json.utf8))
        #expect(envelope.statuses.map(\.id) == ["wamid.1", "wamid.2", "wamid.3"])
        #expect(envelope.statuses.map(\.deliveryEvent) == [.delivered, .read, nil])
        #expect(envelope.statuses.map(\.secondsSince1970) == [1_764_237_605, nil, nil])
    }
}
