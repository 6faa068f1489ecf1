import Foundation
import Integrations
import ProviderFakes
import Testing

@Suite("WhatsApp Cloud API client against the WhatsApp fake")
struct WhatsAppClientTests {
    static let accessToken = "EAAGtestToken0123456789abcdefghijklmnopqrstuvwxyz"
    static let phoneNumberID = "106540352242922"

    let fake = WhatsAppFake(accessToken: accessToken, phoneNumberID: phoneNumberID)

    func withClient<Result>(
        timeouts: ProviderTimeouts = TestSupport.relaxedTimeouts,
        accessToken: String = accessToken,
        apiVersion: String = WhatsAppConfiguration.defaultAPIVersion,
        _ body: (WhatsAppClient) async throws -> Result
    ) async throws -> Result {
        try await fake.withRunning { baseURL in
            try await TestSupport.withHTTPClient(timeouts: timeouts) { httpClient in
                let configuration = WhatsAppConfiguration(
                    phoneNumberID: Self.phoneNumberID, accessToken: accessToken, apiVersion: apiVersion,
                    baseURL: baseURL, timeouts: timeouts)
                return try await body(WhatsAppClient(configuration: configuration, httpClient: httpClient))
            }
        }
    }

    static let message = WhatsAppTemplateMessage(
        to: "5511987654321",
        templateName: "booking_confirmation",
        languageCode: "pt_BR",
        components: [
            .header([.image(link: "https://cdn.acme.example/map.png")]),
            .body([.text("Ana"), .text("19:00")]),
            .button(subType: "url", index: 0, parameters: [.text("b_123")]),
        ],
        callbackData: "booking:b_123"
    )

    @Test("template send returns the wamid; fake saw POST /v{N}.0/{id}/messages, bearer token and body")
    func sendSuccess() async throws {
        let sent = try await withClient { client in try await client.sendTemplate(Self.message) }

        #expect(sent.messageID.hasPrefix("wamid."))
        #expect(sent.waID == "5511987654321")
        #expect(sent.messageStatus == "accepted")
        #expect(fake.sentMessageIDs == [sent.messageID])

        let request = try #require(fake.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/\(WhatsAppConfiguration.defaultAPIVersion)/\(Self.phoneNumberID)/messages")
        #expect(request.header("authorization") == "Bearer \(Self.accessToken)")
        #expect(request.header("content-type") == "application/json")
        let body = try #require(request.json)
        #expect(body["messaging_product"]?.string == "whatsapp")
        #expect(body["recipient_type"]?.string == "individual")
        #expect(body["to"]?.string == "5511987654321")
        #expect(body["type"]?.string == "template")
        #expect(body["biz_opaque_callback_data"]?.string == "booking:b_123")
        let template = try #require(body["template"])
        #expect(template["name"]?.string == "booking_confirmation")
        #expect(template["language"] == ["code": "pt_BR"])
        #expect(
            template["components"]
                == [
                    ["type": "header", "parameters": [["type": "image", "image": ["link": "https://cdn.acme.example/map.png"]]]],
                    ["type": "body", "parameters": [["type": "text", "text": "Ana"], ["type": "text", "text": "19:00"]]],
                    ["type": "button", "sub_type": "url", "index": "0", "parameters": [["type": "text", "text": "b_123"]]],
                ])
    }

    @Test("the API version is configurable")
    func customAPIVersion() async throws {
        _ = try await withClient(apiVersion: "v21.0") { client in try await client.sendTemplate(Self.message) }
        #expect(fake.requests.first?.path == "/v21.0/\(Self.phoneNumberID)/messages")
    }

    @Test("429 with Retry-After seconds → rateLimited with that duration")
    func rateLimitedWithRetryAfter() async throws {
        fake.enqueue(.rateLimited(retryAfter: "2"))
        let error = try await withClient { client in
            await expectProviderError { try await client.sendTemplate(Self.message) }
        }
        #expect(error?.kind == .rateLimited(retryAfter: .seconds(2)))
        #expect(error?.status == 429)
        #expect(error?.code == "80007")
        #expect(error?.provider == .whatsApp)
        #expect(error?.requestID?.hasPrefix("AFakeTrace") == true)
    }

    @Test("429 with an HTTP-date Retry-After → rateLimited until that date")
    func rateLimitedWithHTTPDate() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        fake.enqueue(.rateLimited(retryAfter: formatter.string(from: Date().addingTimeInterval(30))))
        let error = try await withClient { client in
            await expectProviderError { try await client.sendTemplate(Self.message) }
        }
        let wait = try #require(error?.retryAfter)
        #expect(wait > .seconds(20) && wait <= .seconds(30))
    }

    @Test("throughput error 130429 sent with HTTP 400 → rateLimited")
    func throughputExceeded() async throws {
        fake.enqueue(.throughputExceeded)
        let error = try await withClient { client in
            await expectProviderError { try await client.sendTemplate(Self.message) }
        }
        #expect(error?.kind == .rateLimited(retryAfter: nil))
        #expect(error?.status == 400)
        #expect(error?.code == "130429")
    }

    @Test("503 → transient")
    func serviceUnavailable() async throws {
        fake.enqueue(.serviceUnavailable)
        let error = try await withClient { client in
            await expectProviderError { try await client.sendTemplate(Self.message) }
        }
        #expect(error?.kind == .transient)
        #expect(error?.status == 503)
    }

    @Test("400 recipient not allowed → permanent with Meta's message and code")
    func recipientNotAllowed() async throws {
        fake.enqueue(.recipientNotAllowed)
        let error = try await withClient { client in
            await expectProviderError { try await client.sendTemplate(Self.message) }
        }
        #expect(error?.kind == .permanent)
        #expect(error?.status == 400)
        #expect(error?.code == "131030")
        #expect(error?.message.hasPrefix("(#131030) Recipient phone number not in allowed list") == true)
        #expect(error?.message.contains("Add recipient phone number to recipient list") == true)
    }

    @Test("the fake's validation: an empty template name → permanent 400 code 100")
    func emptyTemplateName() async throws {
        var message = Self.message
        message.templateName = ""
        let error = try await withClient { client in
            await expectProviderError { try await client.sendTemplate(message) }
        }
        #expect(error?.kind == .permanent)
        #expect(error?.code == "100")
        #expect(error?.message == "(#100) The parameter template['name'] is required.")
    }

    @Test("fake delays longer than the read timeout → transient")
    func readTimeout() async throws {
        fake.enqueue(.delay(TestSupport.longerThanTimeout, then: .accept))
        let started = ContinuousClock.now
        let error = try await withClient(timeouts: TestSupport.shortTimeouts) { client in
            await expectProviderError { try await client.sendTemplate(Self.message) }
        }
        #expect(error?.kind == .transient)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("invalid token → permanent 401 code 190; the token never appears in the error")
    func invalidToken() async throws {
        let wrongToken = "EAAGwrongToken9876543210zyxwvutsrqponmlkjihgfedcba"
        let error = try await withClient(accessToken: wrongToken) { client in
            await expectProviderError { try await client.sendTemplate(Self.message) }
        }
        let failure = try #require(error)
        #expect(failure.kind == .permanent)
        #expect(failure.status == 401)
        #expect(failure.code == "190")
        expectNoSecrets(in: failure, [wrongToken, Self.accessToken])
        #expect(fake.requests.first?.header("authorization") == "Bearer \(wrongToken)")
    }
}
