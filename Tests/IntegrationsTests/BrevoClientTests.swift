import Foundation
import Integrations
import ProviderFakes
import Testing

@Suite("Brevo client against the Brevo fake")
struct BrevoClientTests {
    static let apiKey = "xkeysib-0123456789abcdef0123456789abcdef-TestKey1"

    let fake = BrevoFake(apiKey: apiKey)

    func withClient<Result>(
        timeouts: ProviderTimeouts = TestSupport.relaxedTimeouts,
        apiKey: String = apiKey,
        _ body: (BrevoClient) async throws -> Result
    ) async throws -> Result {
        try await fake.withRunning { baseURL in
            try await TestSupport.withHTTPClient(timeouts: timeouts) { httpClient in
                let configuration = BrevoConfiguration(apiKey: apiKey, baseURL: baseURL, timeouts: timeouts)
                return try await body(BrevoClient(configuration: configuration, httpClient: httpClient))
            }
        }
    }

    static let email = BrevoEmail(
        sender: BrevoContact(email: "no-reply@acme.example", name: "Acme"),
        to: [BrevoContact(email: "ana@example.com", name: "Ana")],
        subject: "Your interview",
        htmlContent: "<p>Hi {{params.firstName}}, see you at {{params.time}}.</p>",
        textContent: "Hi Ana, see you at 19:00.",
        replyTo: BrevoContact(email: "support@acme.example"),
        params: ["firstName": "Ana", "time": "19:00"],
        tags: ["interview-invite", "tenant:42"],
        headers: ["X-Mailin-custom": #"{"booking_id":"b_123"}"#]
    )

    @Test("send returns the messageId; fake saw POST /v3/smtp/email with api-key and the full body")
    func sendSuccess() async throws {
        let messageID = try await withClient { client in try await client.send(Self.email) }

        #expect(messageID.rawValue.hasPrefix("<"))
        #expect(messageID.rawValue.hasSuffix("@smtp-relay.mailin.fr>"))
        #expect(messageID.normalized == String(messageID.rawValue.dropFirst().dropLast()))
        #expect(fake.sentEmails.map(\.messageID) == [messageID.rawValue])

        let request = try #require(fake.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v3/smtp/email")
        #expect(request.header("api-key") == Self.apiKey)
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("accept") == "application/json")
        #expect(request.header("authorization") == nil)
        let body = try #require(request.json)
        #expect(body["sender"] == ["email": "no-reply@acme.example", "name": "Acme"])
        #expect(body["to"] == [["email": "ana@example.com", "name": "Ana"]])
        #expect(body["subject"]?.string == "Your interview")
        #expect(body["htmlContent"]?.string == Self.email.htmlContent)
        #expect(body["textContent"]?.string == "Hi Ana, see you at 19:00.")
        #expect(body["replyTo"] == ["email": "support@acme.example"])
        #expect(body["params"] == ["firstName": "Ana", "time": "19:00"])
        #expect(body["tags"] == ["interview-invite", "tenant:42"])
        #expect(body["headers"]?["X-Mailin-custom"]?.string == #"{"booking_id":"b_123"}"#)
        #expect(body["cc"] == nil)
        #expect(body["templateId"] == nil)
    }

    @Test("a template send needs no subject or HTML")
    func templateSend() async throws {
        let email = BrevoEmail(
            sender: BrevoContact(email: "no-reply@acme.example"), to: [BrevoContact(email: "ana@example.com")],
            templateId: 7, params: ["firstName": "Ana"])
        _ = try await withClient { client in try await client.send(email) }
        #expect(fake.requests.first?.json?["templateId"]?.int == 7)
        #expect(fake.requests.first?.json?["subject"] == nil)
    }

    @Test("429 with Retry-After → rateLimited with that duration")
    func rateLimitedWithRetryAfter() async throws {
        fake.enqueue(.rateLimited(resetSeconds: 30, retryAfter: "2"))
        let error = try await withClient { client in
            await expectProviderError { try await client.send(Self.email) }
        }
        #expect(error?.kind == .rateLimited(retryAfter: .seconds(2)))
        #expect(error?.status == 429)
        #expect(error?.code == "too_many_requests")
        #expect(error?.provider == .brevo)
        #expect(error?.requestID != nil)
    }

    @Test("429 with only x-sib-ratelimit-reset → rateLimited after the reset")
    func rateLimitedFromResetHeader() async throws {
        fake.enqueue(.rateLimited(resetSeconds: 12, retryAfter: nil))
        let error = try await withClient { client in
            await expectProviderError { try await client.send(Self.email) }
        }
        #expect(error?.kind == .rateLimited(retryAfter: .seconds(12)))
    }

    @Test("503 → transient")
    func serviceUnavailable() async throws {
        fake.enqueue(.serviceUnavailable)
        let error = try await withClient { client in
            await expectProviderError { try await client.send(Self.email) }
        }
        #expect(error?.kind == .transient)
        #expect(error?.status == 503)
    }

    @Test("400 from the fake's validation → permanent with Brevo's code and message")
    func missingSubject() async throws {
        var email = Self.email
        email.subject = nil
        let error = try await withClient { client in
            await expectProviderError { try await client.send(email) }
        }
        #expect(error?.kind == .permanent)
        #expect(error?.status == 400)
        #expect(error?.code == "missing_parameter")
        #expect(error?.message == "subject is missing")
        #expect(fake.sentEmails.isEmpty)
    }

    @Test("402 not_enough_credits → permanent")
    func notEnoughCredits() async throws {
        fake.enqueue(.notEnoughCredits)
        let error = try await withClient { client in
            await expectProviderError { try await client.send(Self.email) }
        }
        #expect(error?.kind == .permanent)
        #expect(error?.code == "not_enough_credits")
    }

    @Test("fake delays longer than the read timeout → transient")
    func readTimeout() async throws {
        fake.enqueue(.delay(TestSupport.longerThanTimeout, then: .accept))
        let started = ContinuousClock.now
        let error = try await withClient(timeouts: TestSupport.shortTimeouts) { client in
            await expectProviderError { try await client.send(Self.email) }
        }
        #expect(error?.kind == .transient)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("wrong key → permanent 401 'Key not found'; the key never appears in the error")
    func wrongKey() async throws {
        let wrongKey = "xkeysib-ffffffffffffffffffffffffffffffff-WrongKey"
        let error = try await withClient(apiKey: wrongKey) { client in
            await expectProviderError { try await client.send(Self.email) }
        }
        let failure = try #require(error)
        #expect(failure.kind == .permanent)
        #expect(failure.status == 401)
        #expect(failure.code == "unauthorized")
        #expect(failure.message == "Key not found")
        expectNoSecrets(in: failure, [wrongKey, Self.apiKey])
    }

    @Test("a provider message echoing the key is redacted")
    func echoedKeyIsRedacted() async throws {
        fake.enqueue(.error(status: 403, code: "permission_denied", message: "IP not allowed for key \(Self.apiKey)"))
        let error = try await withClient { client in
            await expectProviderError { try await client.send(Self.email) }
        }
        let failure = try #require(error)
        #expect(failure.message == "IP not allowed for key <redacted>")
        expectNoSecrets(in: failure, [Self.apiKey])
    }

    @Test("nothing listening → transient network error")
    func connectionRefused() async throws {
        let baseURL = try await fake.withRunning { $0 }
        // AsyncHTTPClient keeps retrying a refused connection until the connect timeout: keep it short.
        let error = try await TestSupport.withHTTPClient(timeouts: TestSupport.shortTimeouts) { httpClient in
            let configuration = BrevoConfiguration(
                apiKey: Self.apiKey, baseURL: baseURL, timeouts: TestSupport.shortTimeouts)
            let client = BrevoClient(configuration: configuration, httpClient: httpClient)
            return await expectProviderError { try await client.send(Self.email) }
        }
        #expect(error?.kind == .transient)
        #expect(error?.status == nil)
    }
}
