@testable import API
import Core
import Foundation
import HTTPTypes
import NIOCore
import PostgresNIO
import TestSupport
import Testing

/// JSON routes need `Content-Type: application/json` (415 otherwise), and sign-in/sign-up from a
/// foreign browser origin are refused, so a page elsewhere cannot sign a visitor in (login CSRF).
@Suite struct RequestOriginAndTypeTests {
    @Test func aJSONBodyWithoutAJSONContentTypeIs415() async throws {
        try await APIHarness.with { api in
            let user = try await api.signUp(email: "ana@example.com", password: "long enough pw")
            let body = #"{"email":"ana@example.com","password":"long enough pw"}"#
            let bare = try await api.request(.post, "/auth/signin", body: ByteBuffer(string: body))
            #expect(bare.status == .unsupportedMediaType)
            #expect(bare.code == "unsupported_media_type")
            #expect(bare.headers[.setCookie] == nil)
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"] {
                let response = try await api.request(.post, "/auth/signin", body: ByteBuffer(string: body), headers: [.contentType: type])
                #expect(response.status == .unsupportedMediaType, "\(type) → \(response.status.code)")
            }
            let typed = try await api.request(.post, "/auth/signin", body: ByteBuffer(string: body),
                                              headers: [.contentType: "Application/JSON; charset=utf-8"])
            #expect(typed.status == .ok)
            let created = try await api.request(.post, "/jobs", token: user.token, body: ByteBuffer(string: #"{"title":"T","description":"D"}"#))
            #expect(created.status == .unsupportedMediaType)
            #expect(try await api.scalar("SELECT count(*) FROM job_postings", as: Int.self) == 0)
            // An empty body may omit the type (every field of PATCH /profile is optional).
            let empty = try await api.request(.patch, "/profile", token: user.token)
            #expect(empty.status == .ok)
        }
    }

    @Test func signInAndSignUpFromAForeignOriginAreRefused() async throws {
        try await APIHarness.with { api in
            _ = try await api.signUp(email: "ana@example.com", password: "long enough pw")
            let credentials = #"{"email":"ana@example.com","password":"long enough pw"}"#
            let foreign = try await api.request(.post, "/auth/signin", json: credentials, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(foreign.code == "forbidden")
            #expect(foreign.headers[.setCookie] == nil)
            let nullOrigin = try await api.request(.post, "/auth/signin", json: credentials, headers: [.origin: "null"])
            #expect(nullOrigin.status == .forbidden)
            let signUp = try await api.request(.post, "/auth/signup", json: #"{"email":"eve@example.com","password":"long enough pw"}"#,
                                               headers: [.origin: "https://evil.example"])
            #expect(signUp.status == .forbidden)
            #expect(try await api.scalar("SELECT count(*) FROM users WHERE email = 'eve@example.com'", as: Int.self) == 0)
            let app = try await api.request(.post, "/auth/signin", json: credentials,
                                            headers: [.origin: api.services.platform.configuration.frontendURL])
            #expect(app.status == .ok)
            #expect(app.headers[.setCookie]?.hasPrefix("vh_session=") == true)
            let script = try await api.request(.post, "/auth/signin", json: credentials)
            #expect(script.status == .ok)
        }
    }
}
