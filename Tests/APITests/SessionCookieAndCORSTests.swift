@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import TestSupport
import Testing

/// The cookie path of a web app on another origin that uses `credentials: 'include'`: CORS
/// answers with the exact origin and `Access-Control-Allow-Credentials: true` on `/auth/*` and the
/// socket.io handshake, and the cookie has the attributes a browser stores in that deployment.
@Suite struct SessionCookieAndCORSTests {
    static let app = "https://app.vantahire.com"
    static let crossSite = ["FRONTEND_URL": app, "API_URL": "https://api.vantahire-platform.com"]

    func attributes(_ cookie: String) -> Set<String> {
        Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("Max-Age") })
    }

    @Test func theCookieIsCrossSiteOverHttpsLaxOnOneHostAndWithoutSecureOverHttp() async throws {
        try await APIHarness.with(extra: Self.crossSite) { api in
            let response = try await api.request(.post, "/auth/signup", json: #"{"email":"x@example.com","password":"long enough pw"}"#,
                                                 headers: [.origin: Self.app])
            #expect(response.status == .created)
            let cookie = try #require(response.headers[.setCookie])
            #expect(attributes(cookie) == ["Path=/", "HttpOnly", "Secure", "SameSite=None"])
            let signOut = try await api.request(.post, "/auth/signout", headers: [.origin: Self.app])
            #expect(attributes(try #require(signOut.headers[.setCookie])) == ["Path=/", "HttpOnly", "Secure", "SameSite=None"])
            #expect(signOut.headers[.setCookie]?.contains("Max-Age=0") == true)
        }
        // The web app served by the API's own host over https: a first-party cookie.
        try await APIHarness.with(extra: ["FRONTEND_URL": "https://vantahire.com", "API_URL": "https://vantahire.com"]) { api in
            let response = try await api.request(.post, "/auth/signup", json: #"{"email":"y@example.com","password":"long enough pw"}"#)
            #expect(attributes(try #require(response.headers[.setCookie])) == ["Path=/", "HttpOnly", "Secure", "SameSite=Lax"])
        }
        // Local development over http (localhost ports are one site): no Secure, which browsers would refuse over http.
        try await APIHarness.with { api in
            let response = try await api.request(.post, "/auth/signup", json: #"{"email":"z@example.com","password":"long enough pw"}"#)
            #expect(attributes(try #require(response.headers[.setCookie])) == ["Path=/", "HttpOnly", "SameSite=Lax"])
        }
    }

    @Test func corsAllowsTheWebAppWithCredentialsOnAuthRoutesAndTheSocketHandshake() async throws {
        try await APIHarness.with(extra: Self.crossSite) { api in
            // The preflight of a credentialed JSON sign-in.
            let preflight = try await api.request(.options, "/auth/signin", headers: [
                .origin: Self.app, .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type",
            ], validate: false)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.app)
            #expect(preflight.headers[.accessControlAllowCredentials] == "true")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("content-type") == true)

            let user = try await api.signUp()
            let me = try await api.request(.get, "/auth/me", headers: [.origin: Self.app, .cookie: "vh_session=\(user.token)"])
            #expect(me.status == .ok)
            #expect(me.headers[.accessControlAllowOrigin] == Self.app)
            #expect(me.headers[.accessControlAllowCredentials] == "true")

            // The socket.io handshake (long-polling XHR) from the web app.
            let handshake = try await api.request(.get, "/socket.io/?EIO=4&transport=polling", headers: [.origin: Self.app], validate: false)
            #expect(handshake.status == .ok)
            #expect(handshake.text.hasPrefix("0{"))
            #expect(handshake.headers[.accessControlAllowOrigin] == Self.app)
            #expect(handshake.headers[.accessControlAllowCredentials] == "true")

            // Another site gets no CORS grant anywhere, and its socket handshake is refused.
            let foreign = try await api.request(.get, "/auth/me", token: user.token, headers: [.origin: "https://evil.example"])
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
            let foreignSocket = try await api.request(.get, "/socket.io/?EIO=4&transport=polling", headers: [.origin: "https://evil.example"],
                                                      validate: false)
            #expect(foreignSocket.status != .ok)
            #expect(foreignSocket.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func aCookieOnlyWebAppSignsOutItsSession() async throws {
        try await APIHarness.with(extra: Self.crossSite) { api in
            let user = try await api.signUp()
            let cookie: HTTPFields = [.origin: Self.app, .cookie: "vh_session=\(user.token)"]
            #expect(try await api.request(.post, "/auth/signout", headers: cookie).status == .ok)
            let after = try await api.request(.get, "/auth/me", token: user.token)
            #expect(after.status == .unauthorized)
        }
    }
}
