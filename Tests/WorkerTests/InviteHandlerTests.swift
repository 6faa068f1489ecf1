import API
import Core
import Hummingbird
import HummingbirdTesting
import NIOCore
import Domain
import Foundation
import Integrations
import Jobs
import PostgresNIO
import ProviderFakes
import TestSupport
import Testing
@testable import Worker

@Suite struct InviteHandlerTests {
    @Test func theBrandedInviteGoesThroughBrevoOnceAndIsRecorded() async throws {
        let brevo = BrevoFake(apiKey: "brevo-key")
        let base = try await brevo.start()
        defer { Task { await brevo.stop() } }
        let redis = InMemoryRedisStore()
        try await HandlerHarness.with(extra: ["BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": base.absoluteString], redis: redis) { h in
            let events = try await h.platform.events.events()
            var iterator = events.makeAsyncIterator()
            let handler = SendInviteEmailHandler(platform: h.platform, providers: h.providers)
            try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 7))
            #expect(brevo.requests.count == 1)
            let request = try #require(brevo.requests.first)
            #expect(request.header("api-key") == "brevo-key")
            let body = String(decoding: request.body, as: UTF8.self)
            #expect(body.contains("cand@example.com"))
            #expect(body.contains("Acme &lt;Robots&gt;"), "recruiter text is HTML-escaped")
            // The display name of the platform's sending address is BREVO_SENDER_NAME, not the company.
            let sender = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])["sender"] as? [String: Any]
            #expect(sender?["name"] as? String == "VantaHire")
            #expect(body.contains("#112233"))
            #expect(body.contains("Begin now"))
            #expect(body.contains("https://app.example.com/interview/\(h.interviewId.uuidString.lowercased())?token="))
            #expect(body.contains("textContent"))
            let status = try await h.scalar("SELECT status::text FROM email_messages WHERE job_id = 7", as: String.self)
            #expect(status == "SENT")
            let messageId = try #require(try await h.scalar("SELECT message_id FROM email_messages WHERE job_id = 7", as: String.self))
            #expect(!messageId.hasPrefix("<"))
            #expect(brevo.sentEmails.count == 1)
            let event = try #require(await iterator.next())
            #expect(event.name == "email:status")
            #expect(event.rooms == [RealtimeEvent.userRoom(h.recruiterId)])
            #expect(event.data.contains("\"SENT\""))
            // A retry of the same job (e.g. after a crash before completion) does not send again.
            try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 7, attempt: 2))
            #expect(brevo.requests.count == 1)
        }
    }

    @Test func rateLimitsWaitForRetryAfterAndServerErrorsRetryThenSucceed() async throws {
        let brevo = BrevoFake(apiKey: "brevo-key")
        let base = try await brevo.start()
        defer { Task { await brevo.stop() } }
        try await HandlerHarness.with(extra: ["BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": base.absoluteString]) { h in
            let handler = SendInviteEmailHandler(platform: h.platform, providers: h.providers)
            brevo.enqueue(.rateLimited(resetSeconds: 42, retryAfter: "17"), .serviceUnavailable, .accept)
            await #expect(throws: RetryAfterError.self) {
                try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 9))
            }
            do {
                try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 9))
            } catch let error as RetryAfterError {
                Issue.record("a 503 should retry with backoff, not as a rate limit: \(error)")
            } catch let error as ProviderError {
                #expect(error.kind == .transient)
            }
            try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 9, attempt: 3))
            #expect(brevo.sentEmails.count == 1)
            #expect(try await h.scalar("SELECT status::text FROM email_messages WHERE job_id = 9", as: String.self) == "SENT")
        }
    }

    @Test func theRetryAfterDurationIsTheProviders() async throws {
        let brevo = BrevoFake(apiKey: "brevo-key")
        let base = try await brevo.start()
        defer { Task { await brevo.stop() } }
        try await HandlerHarness.with(extra: ["BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": base.absoluteString]) { h in
            brevo.enqueue(.rateLimited(resetSeconds: 42, retryAfter: "17"))
            do {
                try await SendInviteEmailHandler(platform: h.platform, providers: h.providers)
                    .handle(SendInviteEmail(interviewId: h.interviewId), context: h.context())
                Issue.record("expected a rate limit")
            } catch let error as RetryAfterError {
                #expect(error.after == .seconds(17))
            }
        }
    }

    @Test func aPermanentRefusalDiscardsWithTheProvidersMessage() async throws {
        let brevo = BrevoFake(apiKey: "brevo-key")
        let base = try await brevo.start()
        defer { Task { await brevo.stop() } }
        try await HandlerHarness.with(extra: ["BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": base.absoluteString]) { h in
            brevo.enqueue(.error(status: 400, code: "invalid_parameter", message: "sender is not valid"))
            do {
                try await SendInviteEmailHandler(platform: h.platform, providers: h.providers)
                    .handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 3))
                Issue.record("expected a permanent error")
            } catch let error as PermanentJobError {
                #expect(error.message.contains("sender is not valid"))
                #expect(!error.message.contains("brevo-key"))
            }
            #expect(try await h.scalar("SELECT status::text FROM email_messages WHERE job_id = 3", as: String.self) == "FAILED")
            let records = try await DeliveryRecord.all(interviewId: h.interviewId, on: h.db.database, logger: h.db.logger)
            #expect(records.first?.error?.contains("sender is not valid") == true)
        }
    }

    @Test func aWorkerKilledBetweenTheCallAndTheCommitDoesNotSendASecondEmail() async throws {
        let brevo = BrevoFake(apiKey: "brevo-key")
        let base = try await brevo.start()
        defer { Task { await brevo.stop() } }
        try await HandlerHarness.with(extra: ["BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": base.absoluteString,
                                              "BREVO_WEBHOOK_SECRET": "brevo-webhook-secret-123"]) { h in
            let handler = SendInviteEmailHandler(platform: h.platform, providers: h.providers)
            // Brevo accepts the email, but the worker dies before it records the answer.
            brevo.enqueue(.delay(.seconds(1), then: .accept))
            let doomed = Task { try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 11)) }
            for _ in 0..<100 where brevo.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            doomed.cancel()
            _ = await doomed.result
            #expect(brevo.requests.count == 1)
            // The rescued job runs again: it finds the attempt in flight and refuses to send twice.
            await #expect(throws: PermanentJobError.self) {
                try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 11, attempt: 2))
            }
            try await Task.sleep(for: .seconds(1))
            #expect(brevo.requests.count == 1)
            // The recruiter sees that the invite may not have been delivered, and why.
            #expect(try await h.scalar("SELECT status::text FROM email_messages WHERE job_id = 11", as: String.self) == "UNCERTAIN")
            #expect(try await h.scalar("SELECT error FROM email_messages WHERE job_id = 11", as: String.self)?.contains("stopped before its outcome was recorded") == true)
            // Brevo's webhook echoes the row id (X-Mailin-custom): the row learns the outcome.
            let sent = try #require(brevo.sentEmails.first)
            let custom = try #require(brevo.requests.first.flatMap { String(decoding: $0.body, as: UTF8.self).range(of: "emailMessageId") })
            #expect(!custom.isEmpty)
            let services = try APIServices(platform: h.platform)
            let app = Application(router: buildRouter(services: services))
            let record = try #require(try await h.scalar("SELECT id FROM email_messages WHERE job_id = 11", as: UUID.self))
            let payload = #"{"event":"delivered","message-id":"\#(sent.messageID)","X-Mailin-custom":"{\"emailMessageId\":\"\#(record.uuidString.lowercased())\"}"}"#
            try await app.test(.router) { client in
                let status = try await client.execute(uri: "/webhooks/brevo?secret=brevo-webhook-secret-123", method: .post,
                                                      headers: [.contentType: "application/json"], body: ByteBuffer(string: payload)) { $0.status }
                #expect(status == .ok)
            }
            #expect(try await h.scalar("SELECT status::text FROM email_messages WHERE job_id = 11", as: String.self) == "DELIVERED")
            #expect(try await h.scalar("SELECT attempted_at IS NULL FROM email_messages WHERE job_id = 11", as: Bool.self) == true)
        }
    }

    @Test func aTimeoutAfterTheRequestLeftMakesTheInviteUncertainWithinTheConfiguredTimeAndNeverResent() async throws {
        let brevo = BrevoFake(apiKey: "brevo-key")
        let base = try await brevo.start()
        defer { Task { await brevo.stop() } }
        let redis = InMemoryRedisStore()
        try await HandlerHarness.with(extra: ["BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": base.absoluteString, "PROVIDER_TIMEOUT_SECONDS": "1"],
                                      redis: redis) { h in
            let events = try await h.platform.events.events()
            var iterator = events.makeAsyncIterator()
            brevo.enqueue(.delay(.seconds(4), then: .accept))
            let handler = SendInviteEmailHandler(platform: h.platform, providers: h.providers)
            do {
                try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 12))
                Issue.record("expected the unknown outcome to end the job")
            } catch let error as PermanentJobError {
                // PROVIDER_TIMEOUT_SECONDS is the whole wait (not the connect time plus it).
                #expect(error.message.contains("timed out after 1.0 seconds"), "\(error.message)")
                #expect(error.message.contains("not sent again"))
            }
            // The request may have reached Brevo: the row says so, with the reason, and the recruiter hears of it.
            #expect(try await h.scalar("SELECT status::text FROM email_messages WHERE job_id = 12", as: String.self) == "UNCERTAIN")
            let records = try await DeliveryRecord.all(interviewId: h.interviewId, on: h.db.database, logger: h.db.logger)
            #expect(records.first?.status == "UNCERTAIN")
            #expect(records.first?.error?.contains("resend it if the candidate did not receive it") == true)
            let event = try #require(await iterator.next())
            #expect(event.name == "email:status")
            #expect(event.data.contains("\"UNCERTAIN\"") && event.data.contains("\"error\""))
            #expect(event.data.contains(h.interviewId.uuidString.lowercased()))
            // Even a retry of the job (say, retried by an operator) does not call Brevo again.
            await #expect(throws: PermanentJobError.self) {
                try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 12, attempt: 2))
            }
            #expect(brevo.requests.count == 1)
        }
    }

    @Test func aServerErrorOnTheLastAttemptMakesTheInviteFailedWithTheReason() async throws {
        let brevo = BrevoFake(apiKey: "brevo-key")
        let base = try await brevo.start()
        defer { Task { await brevo.stop() } }
        try await HandlerHarness.with(extra: ["BREVO_API_KEY": "brevo-key", "BREVO_BASE_URL": base.absoluteString]) { h in
            let handler = SendInviteEmailHandler(platform: h.platform, providers: h.providers)
            brevo.enqueue(.serviceUnavailable, .serviceUnavailable)
            await #expect(throws: ProviderError.self) {
                try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 14, attempt: 1, maxAttempts: 2))
            }
            // Still being retried: PENDING, with the last failure visible.
            var records = try await DeliveryRecord.all(interviewId: h.interviewId, on: h.db.database, logger: h.db.logger)
            #expect(records.first?.status == "PENDING")
            #expect(records.first?.error?.contains("503") == true)
            await #expect(throws: ProviderError.self) {
                try await handler.handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 14, attempt: 2, maxAttempts: 2))
            }
            records = try await DeliveryRecord.all(interviewId: h.interviewId, on: h.db.database, logger: h.db.logger)
            #expect(records.first?.status == "FAILED")
            #expect(records.first?.error?.contains("503") == true)
        }
    }

    @Test func withoutABrevoKeyInvitesGoToTheLocalOutbox() async throws {
        try await HandlerHarness.with { h in
            try await SendInviteEmailHandler(platform: h.platform, providers: h.providers)
                .handle(SendInviteEmail(interviewId: h.interviewId), context: h.context(job: 5))
            let files = try h.providers.outbox.messages()
            #expect(files.count == 1)
            let text = try String(contentsOf: files[0], encoding: .utf8)
            #expect(text.contains("To: cand@example.com"))
            #expect(text.contains("?token="))
            #expect(try await h.scalar("SELECT message_id FROM email_messages WHERE job_id = 5", as: String.self)?.hasPrefix("outbox:") == true)
        }
    }

    @Test func expiredOrDeletedInterviewsAreNotInvited() async throws {
        try await HandlerHarness.with { h in
            try await h.db.client.query("UPDATE interviews SET status = 'EXPIRED'", logger: h.db.logger)
            await #expect(throws: PermanentJobError.self) {
                try await SendInviteEmailHandler(platform: h.platform, providers: h.providers)
                    .handle(SendInviteEmail(interviewId: h.interviewId), context: h.context())
            }
            try await SendInviteEmailHandler(platform: h.platform, providers: h.providers)
                .handle(SendInviteEmail(interviewId: UUID()), context: h.context())
            #expect(try h.providers.outbox.messages().isEmpty)
        }
    }

    @Test func whatsappInvitesUseTheTemplateAndClassifyErrors() async throws {
        let whatsapp = WhatsAppFake(accessToken: "wa-token", phoneNumberID: "1234567")
        let base = try await whatsapp.start()
        defer { Task { await whatsapp.stop() } }
        try await HandlerHarness.with(extra: ["WHATSAPP_API_KEY": "wa-token", "WHATSAPP_PHONE_ID": "1234567", "WHATSAPP_BASE_URL": base.absoluteString]) { h in
            let handler = SendWhatsAppHandler(platform: h.platform, providers: h.providers)
            try await handler.handle(SendWhatsApp(interviewId: h.interviewId), context: h.context(job: 21))
            let request = try #require(whatsapp.requests.first)
            #expect(request.path.hasSuffix("/1234567/messages"))
            let body = String(decoding: request.body, as: UTF8.self)
            #expect(body.contains("\"14155550123\""))
            #expect(body.contains("interview_invitation"))
            let stored = try #require(try await h.scalar("SELECT message_id FROM whatsapp_messages WHERE job_id = 21", as: String.self))
            #expect(whatsapp.sentMessageIDs == [stored])
            whatsapp.enqueue(.graphError(status: 400, code: 132001, subcode: nil, type: "OAuthException", message: "Template name does not exist", details: nil))
            do {
                try await handler.handle(SendWhatsApp(interviewId: h.interviewId), context: h.context(job: 22))
                Issue.record("expected a permanent error")
            } catch let error as PermanentJobError {
                #expect(error.message.contains("Template name does not exist"))
            }
        }
    }
}
