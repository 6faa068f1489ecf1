import Hummingbird
@testable import Realtime
import Testing

@Suite struct RealtimeHandshakeTests {
    func handshake(_ headers: HTTPFields, auth: JSONValue? = nil) -> RealtimeHandshake {
        RealtimeHandshake(headers: headers, query: ["EIO": "4"], auth: auth, namespace: "/", transport: .polling)
    }

    @Test func readsBearerTokens() {
        #expect(handshake([.authorization: "Bearer abc.def"]).bearerToken == "abc.def")
        #expect(handshake([.authorization: "bearer   abc "]).bearerToken == "abc")
        #expect(handshake([.authorization: "Basic dXNlcjpwdw=="]).bearerToken == nil)
        #expect(handshake([.authorization: "Bearer"]).bearerToken == nil)
        #expect(handshake([:]).bearerToken == nil)
    }

    @Test func readsCookies() {
        let cookies = handshake([.cookie: "theme=dark; vh_session=tok-1;empty=; quoted=\"q v\""])
        #expect(cookies.cookie(named: "vh_session") == "tok-1")
        #expect(cookies.cookie(named: "theme") == "dark")
        #expect(cookies.cookie(named: "empty") == "")
        #expect(cookies.cookie(named: "quoted") == "q v")
        #expect(cookies.cookie(named: "missing") == nil)
        #expect(cookies.cookie(named: "session") == nil)
    }

    @Test func readsTheAuthPayload() {
        let withAuth = handshake([:], auth: ["token": "t1", "n": 1])
        #expect(withAuth.authString("token") == "t1")
        #expect(withAuth.authString("n") == nil)
        #expect(handshake([:]).authString("token") == nil)
    }
}

@Suite struct RealtimeOriginPolicyTests {
    @Test func allowedAndSameOriginRequestsPassOthersAreRefused() {
        let policy = RealtimeOriginPolicy(allowedOrigins: ["http://localhost:5173"])
        #expect(policy.permits(origin: nil))
        #expect(policy.permits(origin: "http://localhost:5173", host: "api.example.com"))
        #expect(policy.permits(origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000"))
        #expect(policy.permits(origin: "https://API.example.com", host: "api.example.com"))
        #expect(!policy.permits(origin: "https://evil.example", host: "api.example.com"))
        #expect(!policy.permits(origin: "https://evil.example", host: nil))
        #expect(!policy.permits(origin: "ftp://api.example.com", host: "api.example.com"))
    }
}
