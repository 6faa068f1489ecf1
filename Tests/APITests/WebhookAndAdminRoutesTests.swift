@testable import API
import Core
import Crypto
import Domain
import Foundation
import HTTPTypes
import NIOCore
import PostgresNIO
import TestSupport
import Testing

@Suite struct WebhookAndAdminRoutesTests {
    static let secrets = [
        "BREVO_WEBHOOK_SECRET": "brevo-secret-0123456789",
        "WHATSAPP_VERIFY_TOKEN": "verify-token-0123456789",
        "WHATSAPP_APP_SECRET": "app-secret-0123456789abc",
    ]

    /// An interview of a new recruiter with one email and one WhatsApp message sent.
    func seed(_ api: APIHarness) async throws -> (recruiter: TestUser, interview: UUID) {
        let recruiter = try await api.signUp()
        let interview = try await api.interview(of: recruiter)
        try await api.db.client.query("INSERT INTO email_messages (interview_id, message_id, status) VALUES (\(interview), '202611271000.1@smtp-relay.mailin.fr', 'SENT')", logger: api.db.logger)
        try await api.db.client.query("INSERT INTO whatsapp_messages (interview_id, message_id, status) VALUES (\(interview), 'wamid.ABC', 'SENT')", logger: api.db.logger)
        return (recruiter, interview)
    }

    @Test func brevoWebhooksNeedTheSecretAndMoveStatusesOnlyForward() async throws {
        let redis = InMemoryRedisStore()
        try await APIHarness.with(extra: Self.secrets, redis: redis) { api in
            let (recruiter, interview) = try await seed(api)
            let events = try await api.services.platform.events.events()
            var iterator = events.makeAsyncIterator()
            let delivered = #"{"event":"delivered","email":"c@example.com","message-id":"<202611271000.1@smtp-relay.mailin.fr>","ts_epoch":1764237605123}"#
            #expect(try await api.request(.post, "/webhooks/brevo", json: delivered).status == .unauthorized)
            #expect(try await api.request(.post, "/webhooks/brevo?secret=wrong-secret-value", json: delivered).status == .unauthorized)
            let ok = try await api.request(.post, "/webhooks/brevo?secret=brevo-secret-0123456789", json: delivered)
            #expect(ok.status == .ok)
            #expect(ok.object["updated"] as? Int == 1)
            let event = try #require(await iterator.next())
            #expect(event.name == "email:status")
            #expect(event.rooms == [RealtimeEvent.userRoom(recruiter.id)])
            #expect(event.data.contains("\"DELIVERED\""))
            #expect(event.data.contains("\"interviewId\":\"\(interview.uuidString.lowercased())\""), "ids on the wire are lower-case, as in REST")
            let opened = #"[{"event":"unique_opened","message-id":"202611271000.1@smtp-relay.mailin.fr","ts_epoch":1764237700000},{"event":"opened","message-id":"202611271000.1@smtp-relay.mailin.fr"}]"#
            let bearer = try await api.request(.post, "/webhooks/brevo", json: opened, headers: [.authorization: "Bearer brevo-secret-0123456789"])
            #expect(bearer.object["updated"] as? Int == 1)
            // A late `delivered` (or a duplicate) never moves OPENED back.
            let late = try await api.request(.post, "/webhooks/brevo", json: delivered, headers: [.webhookSecret: "brevo-secret-0123456789"])
            #expect(late.object["updated"] as? Int == 0)
            #expect(try await api.scalar("SELECT status::text FROM email_messages", as: String.self) == "OPENED")
            #expect(try await api.scalar("SELECT opened_at IS NOT NULL AND delivered_at IS NOT NULL FROM email_messages", as: Bool.self) == true)
            let unknown = try await api.request(.post, "/webhooks/brevo?secret=brevo-secret-0123456789",
                                                json: #"{"event":"delivered","message-id":"<nobody@x>"}"#)
            #expect(unknown.status == .ok)
            #expect(unknown.object["updated"] as? Int == 0)
            #expect(try await api.request(.post, "/webhooks/brevo?secret=brevo-secret-0123456789", json: "{oops").status == .badRequest)
        }
    }

    @Test func brevoWebhooksAreRefusedWhenNotConfigured() async throws {
        try await APIHarness.with { api in
            let response = try await api.request(.post, "/webhooks/brevo?secret=x", json: "{}")
            #expect(response.status == .serviceUnavailable)
            #expect(response.code == "not_configured")
        }
    }

    func sign(_ body: String, secret: String = "app-secret-0123456789abc") -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    func statusEnvelope(_ status: String, id: String = "wamid.ABC", timestamp: String = "1764237605") -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"42"},"statuses":[{"id":"\#(id)","status":"\#(status)","timestamp":"\#(timestamp)","recipient_id":"5511987654321","biz_opaque_callback_data":"caf\u00e9"}]}}]}]}"#
    }

    @Test func whatsappVerificationEchoesTheChallengeOnlyForTheRightToken() async throws {
        try await APIHarness.with(extra: Self.secrets) { api in
            let ok = try await api.request(.get, "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-token-0123456789&hub.challenge=1158201444", validate: false)
            #expect(ok.status == .ok)
            #expect(ok.text == "1158201444")
            let wrong = try await api.request(.get, "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")
            #expect(wrong.status == .forbidden)
        }
    }

    @Test func whatsappStatusesNeedAValidSignatureOverTheRawBody() async throws {
        try await APIHarness.with(extra: Self.secrets) { api in
            _ = try await seed(api)
            let read = statusEnvelope("read")
            let unsigned = try await api.request(.post, "/webhooks/whatsapp", json: read)
            #expect(unsigned.status == .unauthorized)
            let badSignature = try await api.request(.post, "/webhooks/whatsapp", json: read, headers: [.hubSignature256: sign(read, secret: "another-secret-value-1")])
            #expect(badSignature.status == .unauthorized)
            #expect(badSignature.code == "invalid_signature")
            let ok = try await api.request(.post, "/webhooks/whatsapp", json: read, headers: [.hubSignature256: sign(read)])
            #expect(ok.status == .ok)
            #expect(ok.object["updated"] as? Int == 1)
            // `delivered` after `read` (out of order) changes nothing; a duplicate neither.
            let delivered = statusEnvelope("delivered")
            let late = try await api.request(.post, "/webhooks/whatsapp", json: delivered, headers: [.hubSignature256: sign(delivered)])
            #expect(late.object["updated"] as? Int == 0)
            let duplicate = try await api.request(.post, "/webhooks/whatsapp", json: read, headers: [.hubSignature256: sign(read)])
            #expect(duplicate.object["updated"] as? Int == 0)
            #expect(try await api.scalar("SELECT status::text FROM whatsapp_messages", as: String.self) == "READ")
            let unknown = statusEnvelope("delivered", id: "wamid.UNKNOWN")
            #expect(try await api.request(.post, "/webhooks/whatsapp", json: unknown, headers: [.hubSignature256: sign(unknown)]).status == .ok)
        }
    }

    @Test func adminQueueOperationsShowFailuresAndRetryOrCancel() async throws {
        try await APIHarness.with { api in
            let admin = try await api.admin()
            let recruiter = try await api.signUp()
            _ = try await api.request(.post, "/interviews", token: recruiter.token, json: #"{"candidateEmail":"a@example.com","invites":["email"]}"#)
            let jobId = try #require(try await api.scalar("SELECT id FROM background_jobs", as: Int64.self))
            #expect(try await api.request(.get, "/admin/queue/stats", token: recruiter.token).status == .forbidden)
            let stats = try await api.request(.get, "/admin/queue/stats", token: admin.token)
            #expect(stats.array.first?["state"] as? String == "available")
            try await api.db.client.query("""
                UPDATE background_jobs SET state = 'discarded', finalized_at = now(), attempt = 15,
                    errors = '[{"attempt":15,"at":"2026-11-27T10:00:00Z","error":"Brevo: invalid sender"}]'::jsonb
                """, logger: api.db.logger)
            let failed = try await api.request(.get, "/admin/queue/jobs?state=discarded", token: admin.token)
            let errors = try #require(failed.array.first?["errors"] as? [[String: Any]])
            #expect(errors.first?["error"] as? String == "Brevo: invalid sender")
            #expect(try await api.request(.get, "/admin/queue/jobs?state=weird", token: admin.token).status == .badRequest)
            let retried = try await api.request(.post, "/admin/queue/jobs/\(jobId)/retry", token: admin.token)
            #expect(retried.object["state"] as? String == "available")
            let cancelled = try await api.request(.post, "/admin/queue/jobs/\(jobId)/cancel", token: admin.token)
            #expect(cancelled.object["outcome"] as? String == "cancelled")
            let again = try await api.request(.post, "/admin/queue/jobs/\(jobId)/cancel", token: admin.token)
            #expect(again.object["outcome"] as? String == "already_final")
            #expect(try await api.request(.post, "/admin/queue/jobs/999999/retry", token: admin.token).status == .notFound)
            #expect(try await api.request(.get, "/admin/queue/jobs/\(jobId)", token: admin.token).status == .ok)
        }
    }

    @Test func adminUserListingAndSelfDemotionGuard() async throws {
        try await APIHarness.with { api in
            let admin = try await api.admin()
            _ = try await api.signUp(.candidate)
            let candidates = try await api.request(.get, "/admin/users?role=CANDIDATE", token: admin.token)
            #expect(candidates.array.count == 1)
            #expect(candidates.array.first?["passwordHash"] == nil)
            let demote = try await api.request(.patch, "/admin/users/\(admin.id.uuidString)", token: admin.token, json: #"{"role":"RECRUITER"}"#)
            #expect(demote.status == .conflict)
            #expect(try await api.request(.patch, "/admin/users/\(UUID().uuidString)", token: admin.token, json: #"{"role":"RECRUITER"}"#).status == .notFound)
        }
    }

    @Test func corsAllowsTheFrontendWithCredentialsOnly() async throws {
        try await APIHarness.with { api in
            let preflight = try await api.request(.options, "/interviews", headers: [
                .origin: "http://localhost:5173", .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "authorization, content-type",
            ], validate: false)
            #expect(preflight.headers[.accessControlAllowOrigin] == "http://localhost:5173")
            #expect(preflight.headers[.accessControlAllowCredentials] == "true")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            let foreign = try await api.request(.options, "/interviews", headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"], validate: false)
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
            let error = try await api.request(.get, "/interviews", headers: [.origin: "http://localhost:5173"])
            #expect(error.status == .unauthorized)
            #expect(error.headers[.accessControlAllowOrigin] == "http://localhost:5173")
            #expect(error.headers[.requestID] != nil)
        }
    }

    @Test func clientMistakesAreJSON4xxNever500() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp()
            let huge = String(repeating: "a", count: 40_000)
            let tooLarge = try await api.request(.post, "/auth/signin", json: #"{"email":"\#(huge)","password":"x"}"#)
            #expect(tooLarge.status == .contentTooLarge)
            let wrongType = try await api.request(.post, "/interviews", token: user.token, body: ByteBuffer(string: "candidateEmail=x"),
                                                  headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(wrongType.status == .unsupportedMediaType)
            let unknownRoute = try await api.request(.get, "/nope", validate: false)
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.code == "not_found")
            let array = try await api.request(.post, "/interviews", token: user.token, json: "[1,2]")
            #expect(array.status == .badRequest)
            let nullField = try await api.request(.post, "/interviews", token: user.token, json: #"{"candidateEmail":null}"#)
            #expect(nullField.status == .badRequest)
            let badDate = try await api.request(.post, "/interviews", token: user.token, json: #"{"candidateEmail":"a@b.co","expiresAt":"tomorrow"}"#)
            #expect(badDate.status == .badRequest)
            #expect((badDate.object["fields"] as? [String: String])?["expiresAt"] != nil)
            let provider = try await api.request(.get, "/voice/provider")
            #expect(provider.object["tts"] as? String == "deepgram")
        }
    }
}
