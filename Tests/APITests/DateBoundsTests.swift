@testable import API
import Core
import Foundation
import HTTPTypes
import PostgresNIO
import TestSupport
import Testing

/// Every date a client or provider gives stays within 2000-01-01 … 2200-01-01: client dates
/// outside are a 400, provider timestamps are clamped; no spelling reaches PostgreSQL out of range.
@Suite struct DateBoundsTests {
    /// Spellings of far or odd dates: years of 5 to 10 digits, signed years, basic format.
    static let outOfRange = [
        "+275760-09-13T00:00:00Z", "275760-09-13T00:00:00Z", "999999-12-31T23:59:59Z", "+999999-12-31T23:59:59Z",
        "1234567890-01-01T00:00:00Z", "+0012345-01-01T00:00:00Z", "-271821-04-20T00:00:00Z", "10000-01-01T00:00:00Z",
        "2200-01-01T00:00:01Z", "2250-06-01T00:00:00.500Z", "9999-12-31T23:59:59.999Z", "1999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
    ]

    @Test func parsingKeepsDatesWithin2000And2200() {
        for text in Self.outOfRange {
            #expect(ISO8601.parse(text) == nil, "\(text) parsed")
        }
        #expect(ISO8601.parse("2026-11-27T10:00:00Z") == Date(timeIntervalSince1970: 1_795_773_600))
        #expect(ISO8601.parse("2026-11-27T10:00:00.250Z") == Date(timeIntervalSince1970: 1_795_773_600.25))
        #expect(ISO8601.parse("2199-12-31T23:59:59Z") != nil)
        #expect(ISO8601.parse("2000-01-01T00:00:00Z") == ISO8601.earliest)
        #expect(ISO8601.parse(String(repeating: "2", count: 41)) == nil)
        #expect(ISO8601.clamped(secondsSince1970: 1e300) == ISO8601.latest)
        #expect(ISO8601.clamped(secondsSince1970: -1e300) == ISO8601.earliest)
        #expect(ISO8601.clamped(secondsSince1970: .infinity) == nil)
        #expect(ISO8601.clamped(secondsSince1970: .nan) == nil)
    }

    @Test func interviewAndAPIKeyExpiryOutsideTheRangeIs400() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp()
            let id = try await api.interview(of: user).uuidString.lowercased()
            for text in Self.outOfRange + ["2300-01-01T00:00:00Z"] {
                let patch = try await api.request(.patch, "/interviews/\(id)", token: user.token, json: #"{"expiresAt":"\#(text)"}"#)
                #expect(patch.status == .badRequest, "PATCH expiresAt \(text) → \(patch.status.code)")
                #expect((patch.object["fields"] as? [String: String])?["expiresAt"] != nil)
                let key = try await api.request(.post, "/api-keys", token: user.token,
                                                json: #"{"name":"k","scopes":["interviews:read"],"expiresAt":"\#(text)"}"#)
                #expect(key.status == .badRequest, "POST /api-keys expiresAt \(text) → \(key.status.code)")
                #expect((key.object["fields"] as? [String: String])?["expiresAt"] != nil)
            }
            let ok = try await api.request(.patch, "/interviews/\(id)", token: user.token, json: #"{"expiresAt":"2199-01-01T00:00:00Z"}"#)
            #expect(ok.status == .ok)
            #expect(try await api.scalar("SELECT count(*) FROM api_keys", as: Int.self) == 0)
        }
    }

    @Test func providerTimestampsOutsideTheRangeAreClamped() async throws {
        let secrets = WebhookAndAdminRoutesTests.secrets
        try await APIHarness.with(extra: secrets) { api in
            let recruiter = try await api.signUp()
            let interview = try await api.interview(of: recruiter)
            try await api.db.client.query("INSERT INTO email_messages (interview_id, message_id, status) VALUES (\(interview), 'far@x', 'SENT')", logger: api.db.logger)
            try await api.db.client.query("INSERT INTO whatsapp_messages (interview_id, message_id, status) VALUES (\(interview), 'wamid.FAR', 'SENT')", logger: api.db.logger)
            let brevo = #"[{"event":"delivered","message-id":"far@x","ts_epoch":1e300},{"event":"opened","message-id":"far@x","ts_event":-1e18}]"#
            let response = try await api.request(.post, "/webhooks/brevo?secret=brevo-secret-0123456789", json: brevo)
            #expect(response.status == .ok)
            #expect(response.object["updated"] as? Int == 2)
            #expect(try await api.scalar("SELECT delivered_at = '2200-01-01T00:00:00Z' FROM email_messages", as: Bool.self) == true)
            #expect(try await api.scalar("SELECT opened_at = '2000-01-01T00:00:00Z' FROM email_messages", as: Bool.self) == true)
            let envelope = WebhookAndAdminRoutesTests().statusEnvelope("delivered", id: "wamid.FAR", timestamp: "99999999999999999999")
            let whatsapp = try await api.request(.post, "/webhooks/whatsapp", json: envelope,
                                                 headers: [.hubSignature256: WebhookAndAdminRoutesTests().sign(envelope)])
            #expect(whatsapp.status == .ok)
            #expect(whatsapp.object["updated"] as? Int == 1)
            #expect(try await api.scalar("SELECT delivered_at = '2200-01-01T00:00:00Z' FROM whatsapp_messages", as: Bool.self) == true)
        }
    }
}
