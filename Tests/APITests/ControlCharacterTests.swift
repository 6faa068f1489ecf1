@testable import API
import Core
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import TestSupport
import Testing

/// Strings with NUL or other control characters are refused as validation errors (400), and a
/// client-caused PostgreSQL data error that still reaches SQL is a 400 too, never a 500.
@Suite struct ControlCharacterTests {
    @Test func nulInSignInAndSignUpEmailsIs400NamingTheField() async throws {
        try await APIHarness.with { api in
            let signIn = try await api.request(.post, "/auth/signin", json: #"{"email":"a\u0000@example.com","password":"whatever pw"}"#)
            #expect(signIn.status == .badRequest)
            #expect(signIn.code == "validation_failed")
            #expect((signIn.object["fields"] as? [String: String])?["email"] == "must not contain control characters")
            let signUp = try await api.request(.post, "/auth/signup", json: #"{"email":"b@example.com","password":"long enough pw","signupCode":"x\u0000"}"#)
            #expect(signUp.status == .badRequest)
            #expect((signUp.object["fields"] as? [String: String])?["signupCode"] == "must not contain control characters")
        }
    }

    @Test func controlCharactersInPostingAndInterviewFieldsAre400() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp()
            let posting = try await api.request(.post, "/jobs", token: user.token, json: #"{"title":"Swift\u0000","description":"Build servers"}"#)
            #expect(posting.status == .badRequest)
            #expect((posting.object["fields"] as? [String: String])?["title"] == "must not contain control characters")
            let escape = try await api.request(.post, "/jobs", token: user.token, json: #"{"title":"Swift\u001b[31m","description":"x"}"#)
            #expect((escape.object["fields"] as? [String: String])?["title"] == "must not contain control characters")
            let interview = try await api.request(.post, "/interviews", token: user.token,
                                                  json: #"{"candidateEmail":"c@example.com","candidateName":"An\u0000a"}"#)
            #expect(interview.status == .badRequest)
            #expect((interview.object["fields"] as? [String: String])?["candidateName"] == "must not contain control characters")
            let invites = try await api.request(.post, "/interviews", token: user.token,
                                                json: #"{"candidateEmail":"c@example.com","invites":["email\u0000"]}"#)
            #expect((invites.object["fields"] as? [String: String])?["invites[0]"] == "must not contain control characters")
            #expect(try await api.scalar("SELECT count(*) FROM job_postings", as: Int.self) == 0)
        }
    }

    @Test func tabsAndLineBreaksInFreeTextAreKept() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp()
            let posting = try await api.request(.post, "/jobs", token: user.token,
                                                json: #"{"title":"Swift engineer","description":"Build servers\n\tin Swift\r\n"}"#)
            #expect(posting.status == .created)
            #expect(posting.object["description"] as? String == "Build servers\n\tin Swift\r\n")
        }
    }

    @Test func postgresDataErrorsCausedByAClientValueMapTo400() async throws {
        try await TestDatabase.with { db in
            var caught: (any Error)?
            do {
                let text = "nul\u{0}byte"
                _ = try await db.client.query("SELECT \(text)::text", logger: db.logger).collect()
            } catch {
                caught = error
            }
            let error = try #require(caught as? PSQLError)
            #expect(error.serverInfo?[.sqlState] == "22021")
            let mapped = ErrorMiddleware<APIRequestContext>.apiError(for: error, logger: Logger(label: "test"))
            #expect(mapped.status == .badRequest)
            #expect(mapped.code.rawValue == "validation_failed")
        }
    }
}
