@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import NIOCore
import PostgresNIO
import TestSupport
import Testing

/// Every route against every kind of caller: anonymous, a candidate, recruiter A (who owns the
/// resources), recruiter B, an admin, A's API keys with one scope each, and the candidate's
/// interview token. Expected statuses: 401 without credentials, 403 when authenticated but not
/// allowed, 404 for what exists but is not the caller's, 2xx otherwise.
@Suite struct AuthorizationMatrixTests {
    enum Principal: String, CaseIterable, Sendable {
        case anon, cand, A, B, admin, kIR, kIW, kJR, kJW, tok
    }

    struct Fixture: Sendable {
        var tokens: [Principal: String] = [:]
        var interview = ""
        var posting = ""
        var approvedPosting = ""
        var application = ""
        var file = ""
        var apiKey = ""
        var spareUser = ""
        var job = ""
    }

    struct Case: Sendable {
        let method: HTTPRequest.Method
        let path: @Sendable (Fixture, Principal, APIHarness) async throws -> String
        let json: String?
        let multipart: Bool
        let expected: [Principal: Int]

        init(_ method: HTTPRequest.Method, _ path: String, json: String? = nil, multipart: Bool = false, _ expected: String) {
            self.init(method, { fixture, _, _ in Self.substitute(path, fixture) }, json: json, multipart: multipart, expected)
        }

        init(_ method: HTTPRequest.Method, _ path: @escaping @Sendable (Fixture, Principal, APIHarness) async throws -> String, json: String? = nil,
             multipart: Bool = false, _ expected: String) {
            self.method = method
            self.path = path
            self.json = json
            self.multipart = multipart
            var map: [Principal: Int] = [:]
            for item in expected.split(separator: " ") {
                let parts = item.split(separator: "=")
                let code = Int(parts[1])!
                if parts[0] == "all" {
                    for principal in Principal.allCases where map[principal] == nil { map[principal] = code }
                } else if parts[0] == "keys" {
                    for key in [Principal.kIR, .kIW, .kJR, .kJW] { map[key] = code }
                } else {
                    map[Principal(rawValue: String(parts[0]))!] = code
                }
            }
            self.expected = map
        }

        static func substitute(_ path: String, _ f: Fixture) -> String {
            path.replacingOccurrences(of: "{I}", with: f.interview).replacingOccurrences(of: "{P}", with: f.posting)
                .replacingOccurrences(of: "{P2}", with: f.approvedPosting).replacingOccurrences(of: "{APP}", with: f.application)
                .replacingOccurrences(of: "{F}", with: f.file).replacingOccurrences(of: "{K}", with: f.apiKey)
                .replacingOccurrences(of: "{U}", with: f.spareUser).replacingOccurrences(of: "{J}", with: f.job)
        }
    }

    /// Fresh resources of A for destructive routes.
    static func freshInterview(_ f: Fixture, _ p: Principal, _ api: APIHarness) async throws -> String {
        "/interviews/\(try await api.interview(of: TestUser(id: UUID(), token: f.tokens[.A]!, email: "")).uuidString.lowercased())"
    }

    static func freshPosting(_ f: Fixture, _ p: Principal, _ api: APIHarness) async throws -> String {
        "/jobs/\(try await api.posting(of: TestUser(id: UUID(), token: f.tokens[.A]!, email: "")).uuidString.lowercased())"
    }

    static func freshFile(_ f: Fixture, _ p: Principal, _ api: APIHarness) async throws -> String {
        let uploaded = try await api.upload(tinyPDF, name: "d.pdf", category: "DOCUMENT", token: f.tokens[.A]!)
        return "/files/\(uploaded.object["id"] as? String ?? "")"
    }

    static let cases: [Case] = [
        Case(.get, "/health", "all=200"),
        Case(.get, "/openapi.json", "all=200"),
        Case(.get, "/voice/provider", "all=200"),
        Case(.get, "/jobs/public", "all=200"),
        Case(.get, "/auth/me", "anon=401 cand=200 A=200 B=200 admin=200 keys=403 tok=403"),
        Case(.get, "/profile", "anon=401 cand=200 A=200 B=200 admin=200 keys=403 tok=403"),
        Case(.patch, "/profile", json: #"{"companyName":"X"}"#, "anon=401 cand=403 A=200 B=200 admin=200 keys=403 tok=403"),
        Case(.get, "/api-keys", "anon=401 cand=403 A=200 B=200 admin=200 keys=403 tok=403"),
        Case(.post, "/api-keys", json: #"{"name":"n","scopes":["jobs:read"]}"#, "anon=401 cand=403 A=201 B=201 admin=201 keys=403 tok=403"),
        Case(.delete, "/api-keys/{K}", "anon=401 cand=403 A=200 B=404 admin=404 keys=403 tok=403"),
        Case(.get, "/interviews", "anon=401 cand=403 A=200 B=200 admin=200 kIR=200 kIW=403 kJR=403 kJW=403 tok=403"),
        Case(.post, "/interviews", json: #"{"candidateEmail":"c@example.com"}"#, "anon=401 cand=403 A=201 B=201 admin=201 kIR=403 kIW=201 kJR=403 kJW=403 tok=403"),
        Case(.get, "/interviews/{I}", "anon=401 cand=403 A=200 B=404 admin=200 kIR=200 kIW=403 kJR=403 kJW=403 tok=200"),
        Case(.patch, "/interviews/{I}", json: #"{"candidateName":"Z"}"#, "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=200 kJR=403 kJW=403 tok=403"),
        Case(.delete, freshInterview, "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=200 kJR=403 kJW=403 tok=404"),
        Case(.post, "/interviews/{I}/invites", json: #"{"channels":["email"]}"#, "anon=401 cand=403 A=202 B=404 admin=202 kIR=403 kIW=202 kJR=403 kJW=403 tok=403"),
        Case(.get, "/interviews/{I}/messages", "anon=401 cand=403 A=200 B=404 admin=200 kIR=200 kIW=403 kJR=403 kJW=403 tok=200"),
        Case(.get, "/interviews/{I}/deliveries", "anon=401 cand=403 A=200 B=404 admin=200 kIR=200 kIW=403 kJR=403 kJW=403 tok=403"),
        Case(.get, "/interviews/{I}/link", "anon=401 cand=403 A=200 B=404 admin=200 kIR=200 kIW=403 kJR=403 kJW=403 tok=403"),
        Case(.post, { f, p, api in try await freshInterview(f, p, api) + "/link/regenerate" },
             "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=200 kJR=403 kJW=403 tok=404"),
        Case(.post, "/voice/interview/{I}/evaluate", "anon=401 cand=403 A=409 B=404 admin=409 kIR=403 kIW=409 kJR=403 kJW=403 tok=403"),
        Case(.get, "/jobs", "anon=401 cand=403 A=200 B=200 admin=200 kIR=403 kIW=403 kJR=200 kJW=403 tok=403"),
        Case(.post, "/jobs", json: #"{"title":"T","description":"D"}"#, "anon=401 cand=403 A=201 B=201 admin=201 kIR=403 kIW=403 kJR=403 kJW=201 tok=403"),
        Case(.get, "/jobs/{P}", "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=403 kJR=200 kJW=403 tok=403"),
        Case(.get, "/jobs/{P2}", "all=200"),
        Case(.patch, "/jobs/{P}", json: #"{"location":"Remote"}"#, "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=403 kJR=403 kJW=200 tok=403"),
        Case(.delete, freshPosting, "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=403 kJR=403 kJW=200 tok=403"),
        Case(.post, "/jobs/{P2}/applications", json: "{}", "anon=401 cand=201 A=403 B=403 admin=403 keys=403 tok=403"),
        Case(.get, "/jobs/{P2}/applications", "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=403 kJR=200 kJW=403 tok=403"),
        Case(.get, "/applications", "anon=401 cand=200 A=403 B=403 admin=403 keys=403 tok=403"),
        Case(.patch, "/applications/{APP}", json: #"{"status":"REVIEWED"}"#, "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=403 kJR=403 kJW=200 tok=403"),
        Case(.post, "/files/upload", multipart: true, "anon=401 cand=201 A=201 B=201 admin=201 keys=403 tok=403"),
        Case(.get, "/files/{F}", "anon=401 cand=404 A=200 B=404 admin=200 kIR=200 kIW=403 kJR=403 kJW=403 tok=403"),
        Case(.delete, freshFile, "anon=401 cand=404 A=200 B=404 admin=200 keys=403 tok=403"),
        Case(.post, "/videos/upload-url", json: #"{"interviewId":"{I}","fileName":"v.webm"}"#, "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=200 kJR=403 kJW=403 tok=200"),
        Case(.post, "/videos/confirm", json: #"{"interviewId":"{I}","fileKey":"recordings/{I}/1-v.webm"}"#, "anon=401 cand=403 A=409 B=404 admin=409 kIR=403 kIW=409 kJR=403 kJW=403 tok=409"),
        Case(.get, "/videos/{I}/watch", "anon=401 cand=403 A=404 B=404 admin=404 kIR=404 kIW=403 kJR=403 kJW=403 tok=403"),
        Case(.delete, "/videos/{I}", "anon=401 cand=403 A=200 B=404 admin=200 kIR=403 kIW=200 kJR=403 kJW=403 tok=403"),
        Case(.get, "/admin/users", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.patch, "/admin/users/{U}", json: #"{"role":"CANDIDATE"}"#, "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.post, "/admin/users/{U}/revoke-sessions", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.get, "/admin/signup-code", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.put, "/admin/signup-code", json: #"{"code":null}"#, "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.get, "/admin/jobs", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.post, "/admin/jobs/{P}/approval", json: #"{"approvalStatus":"PENDING"}"#, "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.get, "/admin/queue/stats", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.get, "/admin/queue/jobs", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.get, "/admin/queue/jobs/{J}", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.post, "/admin/queue/jobs/{J}/cancel", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        Case(.post, "/admin/queue/jobs/{J}/retry", "anon=401 cand=403 A=403 B=403 admin=200 keys=403 tok=403"),
        // Last: signing out revokes the session principals' tokens.
        Case(.post, "/auth/signout", "anon=200 cand=200 A=200 B=200 admin=200 keys=403 tok=403"),
    ]

    @Test func everyRouteAnswersEveryCallerAsDocumented() async throws {
        try await APIHarness.with { api in
            var f = Fixture()
            let a = try await api.signUp()
            let b = try await api.signUp()
            let candidate = try await api.signUp(.candidate)
            let admin = try await api.admin()
            f.tokens[.A] = a.token
            f.tokens[.B] = b.token
            f.tokens[.cand] = candidate.token
            f.tokens[.admin] = admin.token
            f.tokens[.kIR] = try await api.apiKey(for: a, scopes: ["interviews:read"])
            f.tokens[.kIW] = try await api.apiKey(for: a, scopes: ["interviews:write"])
            f.tokens[.kJR] = try await api.apiKey(for: a, scopes: ["jobs:read"])
            f.tokens[.kJW] = try await api.apiKey(for: a, scopes: ["jobs:write"])
            let interview = try await api.interview(of: a)
            f.interview = interview.uuidString.lowercased()
            f.tokens[.tok] = try await api.candidateToken(for: interview, owner: a)
            f.posting = try await api.posting(of: a, status: "DRAFT").uuidString.lowercased()
            f.approvedPosting = try await api.posting(of: a).uuidString.lowercased()
            _ = try await api.request(.post, "/admin/jobs/\(f.approvedPosting)/approval", token: admin.token, json: #"{"approvalStatus":"APPROVED"}"#)
            let other = try await api.signUp(.candidate)
            let application = try await api.request(.post, "/jobs/\(f.approvedPosting)/applications", token: other.token, json: "{}")
            f.application = try #require(application.object["id"] as? String)
            let file = try await api.upload(tinyPDF, name: "doc.pdf", category: "DOCUMENT", token: a.token)
            f.file = try #require(file.object["id"] as? String)
            let key = try await api.request(.post, "/api-keys", token: a.token, json: #"{"name":"spare","scopes":["jobs:read"]}"#)
            f.apiKey = try #require((key.object["apiKey"] as? [String: Any])?["id"] as? String)
            f.spareUser = try await api.signUp(.candidate).id.uuidString.lowercased()
            _ = try await api.request(.post, "/interviews/\(f.interview)/invites", token: a.token, json: #"{"channels":["email"]}"#)
            f.job = String(try #require(try await api.scalar("SELECT max(id) FROM background_jobs", as: Int64.self)))

            var mismatches: [String] = []
            var checked = 0
            for testCase in Self.cases {
                for principal in Principal.allCases {
                    guard let expected = testCase.expected[principal] else {
                        mismatches.append("\(testCase.method) case has no expectation for \(principal)")
                        continue
                    }
                    let path = try await testCase.path(f, principal, api)
                    let token = f.tokens[principal]
                    let response: APIResponse
                    if testCase.multipart {
                        response = try await api.upload(tinyPNG, name: "l.png", category: "LOGO", token: token)
                    } else {
                        let json = testCase.json.map { Case.substitute($0, f) }
                        response = try await api.request(testCase.method, path, token: token, json: json,
                                                         validate: !path.hasPrefix("/files/") || testCase.method != .get)
                    }
                    checked += 1
                    if response.status.code != expected {
                        mismatches.append("\(testCase.method) \(path) as \(principal): expected \(expected), got \(response.status.code) \(response.text.prefix(120))")
                    }
                    if response.status.code >= 400 {
                        if response.code == nil || response.object["error"] as? String == nil {
                            mismatches.append("\(testCase.method) \(path) as \(principal): error body is not {error, code}")
                        }
                    }
                }
            }
            #expect(checked == Self.cases.count * Principal.allCases.count)
            #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.joined(separator: "\n"))")
        }
    }
}
