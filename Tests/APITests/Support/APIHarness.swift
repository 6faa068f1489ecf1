@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import TestSupport
import Testing

/// A response as tests read it.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
    }

    /// The body as a JSON array.
    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: body) as? [[String: Any]]) ?? []
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The error code of a JSON error body.
    var code: String? { object["code"] as? String }
}

/// A signed-in user of the test.
struct TestUser: Sendable {
    let id: UUID
    let token: String
    let email: String
}

/// The API over a fresh database, driven through the router (no sockets), with helpers to make
/// users, keys and resources. Every JSON response is checked against the OpenAPI document.
struct APIHarness: Sendable {
    let db: TestDatabase
    let services: APIServices
    let client: any TestClientProtocol

    /// Runs `body` with a harness; `extra` adds configuration variables.
    static func with(extra: [String: String] = [:], redis: (any RedisStore)? = nil,
                     _ body: @escaping @Sendable (APIHarness) async throws -> Void) async throws {
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db, redis: redis, extra: extra)
            let services = try APIServices(platform: platform)
            let app = Application(router: buildRouter(services: services))
            try await app.test(.router) { client in
                try await body(APIHarness(db: db, services: services, client: client))
            }
        }
    }

    /// Sends a request; `json` is encoded as the body, `token` sent as a bearer token.
    @discardableResult
    func request(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
                 body: ByteBuffer? = nil, headers: HTTPFields = [:], validate: Bool = true) async throws -> APIResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        var payload = body
        if let json {
            fields[.contentType] = fields[.contentType] ?? "application/json"
            payload = ByteBuffer(string: json)
        }
        let response = try await client.execute(uri: path, method: method, headers: fields, body: payload) { response in
            APIResponse(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
        }
        if validate {
            let problems = OpenAPIConformance.check(method: method, path: path, response: response)
            #expect(problems.isEmpty, "\(method) \(path) → \(response.status.code) does not match openapi.json: \(problems)")
        }
        return response
    }

    /// Signs up a user through the API.
    func signUp(_ role: UserRole = .recruiter, email: String? = nil, password: String = "correct horse battery") async throws -> TestUser {
        let address = email ?? "\(role.rawValue.lowercased())-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let response = try await request(.post, "/auth/signup", json: #"{"email":"\#(address)","password":"\#(password)","role":"\#(role.rawValue)"}"#)
        #expect(response.status == .created, "sign-up failed: \(response.text)")
        let user = response.object["user"] as? [String: Any]
        let id = try #require((user?["id"] as? String).flatMap { UUID(uuidString: $0) })
        let token = try #require(response.object["token"] as? String)
        return TestUser(id: id, token: token, email: address)
    }

    /// An admin: a recruiter promoted in the database, then signed in afresh.
    func admin() async throws -> TestUser {
        let user = try await signUp(.recruiter, password: "admin password 123")
        try await db.client.query("UPDATE users SET role = 'ADMIN' WHERE id = \(user.id)", logger: db.logger)
        let response = try await request(.post, "/auth/signin", json: #"{"email":"\#(user.email)","password":"admin password 123"}"#)
        #expect(response.status == .ok)
        return TestUser(id: user.id, token: try #require(response.object["token"] as? String), email: user.email)
    }

    /// A new API key of `user` with `scopes`.
    func apiKey(for user: TestUser, scopes: [String], rateLimit: Int = 1000) async throws -> String {
        let scopeList = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try await request(.post, "/api-keys", token: user.token, json: #"{"name":"test","scopes":[\#(scopeList)],"rateLimit":\#(rateLimit)}"#)
        #expect(response.status == .created, "API key creation failed: \(response.text)")
        return try #require(response.object["key"] as? String)
    }

    /// Creates an interview of `user`; returns its id.
    func interview(of user: TestUser, extra: String = "") async throws -> UUID {
        let response = try await request(.post, "/interviews", token: user.token,
                                         json: #"{"candidateEmail":"cand@example.com","candidateName":"Ana"\#(extra)}"#)
        #expect(response.status == .created, "interview creation failed: \(response.text)")
        return try #require((response.object["id"] as? String).flatMap { UUID(uuidString: $0) })
    }

    /// The candidate token of interview `id` (through the owner's link route).
    func candidateToken(for id: UUID, owner: TestUser) async throws -> String {
        let response = try await request(.get, "/interviews/\(id.uuidString.lowercased())/link", token: owner.token)
        #expect(response.status == .ok)
        return try #require(response.object["token"] as? String)
    }

    /// Creates a job posting of `user`; returns its id.
    func posting(of user: TestUser, status: String = "ACTIVE") async throws -> UUID {
        let response = try await request(.post, "/jobs", token: user.token,
                                         json: #"{"title":"Swift engineer","description":"Build servers","status":"\#(status)"}"#)
        #expect(response.status == .created, "posting creation failed: \(response.text)")
        return try #require((response.object["id"] as? String).flatMap { UUID(uuidString: $0) })
    }

    /// Uploads `data` as a multipart file.
    func upload(_ data: [UInt8], name: String, category: String, token: String?, categoryFirst: Bool = true) async throws -> APIResponse {
        let boundary = "----vhtest\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        func field() {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\n\(category)\r\n")
        }
        if categoryFirst { field() }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n")
        if !categoryFirst { field() }
        body.writeString("--\(boundary)--\r\n")
        return try await request(.post, "/files/upload", token: token, body: body, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"])
    }

    /// Runs a query on the test database and returns the first column of the first row.
    func scalar<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws -> T? {
        for try await value in try await db.client.query(query, logger: db.logger).decode(T.self) { return value }
        return nil
    }
}

/// The smallest valid PNG (1×1).
let tinyPNG: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
]

/// A minimal PDF header and body.
let tinyPDF: [UInt8] = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
