import Foundation
import Testing

/// The OpenAPI document covers every registered route, and its validator catches what it should.
@Suite struct OpenAPIDocumentTests {
    let document: OpenAPIDocument

    init() throws {
        document = try OpenAPIDocument.repository.get()
    }

    /// The routes registered in `Sources/API` (`router.get("/x/:id", …)` → `GET /x/{id}`).
    static func registeredRoutes() throws -> Set<OpenAPIDocument.Operation> {
        let sources = OpenAPIDocument.repositoryRoot.appendingPathComponent("Sources/API")
        let pattern = try NSRegularExpression(pattern: #"router\.(get|post|put|patch|delete)\(\s*"([^"]*)""#)
        var routes: Set<OpenAPIDocument.Operation> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let method = Range(match.range(at: 1), in: text), let path = Range(match.range(at: 2), in: text) else { continue }
                let template = text[path].split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
                    if segment == "**" { return "{key}" }
                    if segment.hasPrefix(":") { return "{\(segment.dropFirst())}" }
                    return String(segment)
                }.joined(separator: "/")
                routes.insert(.init(method: String(text[method]), path: template))
            }
        }
        return routes
    }

    /// A JSON body.
    static func json(_ text: String) -> Data { Data(text.utf8) }

    static let interviewId = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"
    static let recruiterId = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"

    /// A complete, valid recruiter's view of an interview.
    static let interview = """
        {"id":"\(interviewId)","recruiterId":"\(recruiterId)","candidateEmail":"cand@example.com","candidateName":"Ana",
         "type":"TEXT","status":"PENDING","strengths":[],"improvements":[],"hasRecording":false,"timeLimit":30,
         "expiresAt":"2026-11-27T10:00:00.123Z","createdAt":"2026-11-20T10:00:00.000Z","updatedAt":"2026-11-20T10:00:00Z"}
        """

    // MARK: The document

    @Test func documentIsOpenAPI31WithTheSharedSchemas() throws {
        #expect(document.version == "3.1.0")
        #expect(document.root["info"] is [String: Any])
        for name in ["Error", "User", "UserView", "Profile", "AuthResponse", "Interview", "CandidateInterview", "InterviewMessage",
                     "DeliveryRecord", "JobPosting", "JobApplication", "APIKey", "APIKeyCreated", "StoredFileUploaded", "JobCount",
                     "JobRecord", "AttemptError", "Evaluation"] {
            #expect(document.schema(named: name) != nil, "components/schemas/\(name) is missing")
        }
        let schemes = (document.root["components"] as? [String: Any])?["securitySchemes"] as? [String: Any] ?? [:]
        #expect(Set(schemes.keys).isSuperset(of: ["bearerAuth", "apiKeyHeader", "cookieAuth"]))
    }

    @Test func everyRegisteredRouteIsDocumented() throws {
        let registered = try Self.registeredRoutes()
        #expect(registered.count >= 50, "the route scan found only \(registered.count) routes")
        let documented = Set(document.operations)
        for route in registered.subtracting(documented).sorted() {
            Issue.record("\(route) is registered in Sources/API but not documented in openapi.json")
        }
        for route in documented.subtracting(registered).sorted() {
            Issue.record("\(route) is documented in openapi.json but no longer registered")
        }
    }

    @Test func everyOperationDocumentsASuccessAndItsErrorsUseTheErrorSchema() {
        for operation in document.operations {
            let item = document.paths[operation.path] as? [String: Any]
            let responses = (item?[operation.method] as? [String: Any])?["responses"] as? [String: Any] ?? [:]
            #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(operation) documents no 2xx response")
        }
        // A documented error of any route validates only an Error body.
        let problems = document.validate(method: "GET", path: "/interviews", status: 401, contentType: "application/json",
                                         body: Self.json(#"{"status":"ok"}"#))
        #expect(problems.contains { $0.contains("missing required property \"error\"") })
    }

    // MARK: Path matching

    @Test func constantSegmentsWinOverTemplatedOnes() {
        #expect(document.template(matching: "/jobs/public") == "/jobs/public")
        #expect(document.template(matching: "/jobs/\(Self.interviewId)") == "/jobs/{id}")
        #expect(document.template(matching: "/jobs?limit=5&cursor=abc") == "/jobs")
        #expect(document.template(matching: "/interviews/\(Self.interviewId)/messages") == "/interviews/{id}/messages")
        #expect(document.template(matching: "/admin/queue/jobs/42/retry") == "/admin/queue/jobs/{id}/retry")
        #expect(document.template(matching: "/storage/local/recordings/\(Self.interviewId)/1-a.webm") == "/storage/local/{key}")
        #expect(document.template(matching: "/interviews/") == nil)
        #expect(document.template(matching: "/nowhere") == nil)
    }

    // MARK: The validator accepts

    @Test func acceptsAConformingErrorBody() {
        let body = Self.json(#"{"error":"Interview not found","code":"not_found"}"#)
        #expect(document.validate(method: "GET", path: "/interviews/\(Self.interviewId)", status: 404,
                                  contentType: "application/json; charset=utf-8", body: body) == [])
        let withFields = Self.json(#"{"error":"Invalid request","code":"validation_failed","fields":{"email":"must be an email address"}}"#)
        #expect(document.validate(method: "POST", path: "/auth/signup", status: 400, contentType: "application/json", body: withFields) == [])
    }

    @Test func acceptsBothViewsOfAnInterview() {
        let path = "/interviews/\(Self.interviewId)"
        #expect(document.validate(method: "GET", path: path, status: 200, contentType: "application/json", body: Self.json(Self.interview)) == [])
        let candidate = Self.json("""
            {"id":"\(Self.interviewId)","type":"VOICE","status":"IN_PROGRESS","timeLimit":45,"expiresAt":"2026-11-27T10:00:00Z",
             "startedAt":"2026-11-26T09:00:00.5+01:00","job":{"id":"\(Self.recruiterId)","title":"Swift","description":"Servers"},
             "companyName":"Acme"}
            """)
        #expect(document.validate(method: "get", path: path, status: 200, contentType: "application/json", body: candidate) == [])
    }

    @Test func acceptsListsNonJSONBodiesAndEmptyResponses() {
        let list = Self.json("[\(Self.interview),\(Self.interview)]")
        #expect(document.validate(method: "GET", path: "/interviews?status=PENDING", status: 200, contentType: "application/json", body: list) == [])
        #expect(document.validate(method: "GET", path: "/metrics", status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                  body: Self.json("# TYPE vantahire_http_requests_total counter\n")) == [])
        let key = "/storage/local/recordings/\(Self.interviewId)/1-a.webm?op=put&expires=1&signature=x"
        #expect(document.validate(method: "PUT", path: key, status: 200, contentType: nil, body: Data()) == [])
        #expect(document.validate(method: "GET", path: "/files/\(Self.interviewId)", status: 200, contentType: "image/png", body: Data([0x89])) == [])
    }

    @Test func acceptsNullWhereTheTypeAllowsIt() {
        let validator = document.schemas
        let schema: [String: Any] = ["type": ["string", "null"], "format": "uuid"]
        #expect(validator.problems(of: NSNull(), against: schema) == [])
        #expect(validator.problems(of: Self.interviewId, against: schema) == [])
        #expect(validator.problems(of: 5, against: schema).count == 1)
        #expect(document.validate(json: Self.json(#"{"code":null}"#), againstSchemaNamed: "SignupCodeUpdate") == [])
    }

    // MARK: The validator rejects

    @Test func rejectsABodyMissingARequiredField() {
        let problems = document.validate(method: "GET", path: "/interviews/\(Self.interviewId)/messages", status: 404,
                                         contentType: "application/json", body: Self.json(#"{"error":"Interview not found"}"#))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("missing required property \"code\"") == true, "\(problems)")
    }

    @Test func rejectsAWrongType() {
        let problems = document.validate(method: "POST", path: "/auth/signin", status: 401, contentType: "application/json",
                                         body: Self.json(#"{"error":"Invalid email or password","code":7}"#))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("body.code: expected string, got integer 7") == true, "\(problems)")
        let booleanForInteger = document.validate(json: Self.json(#"{"received":true,"updated":0}"#), againstSchemaNamed: "WebhookReceipt")
        #expect(booleanForInteger.first?.contains("expected integer, got boolean") == true, "\(booleanForInteger)")
        let integerForBoolean = document.validate(json: Self.json(#"{"enabled":1}"#), againstSchemaNamed: "SignupCodeState")
        #expect(integerForBoolean.first?.contains("expected boolean, got integer") == true, "\(integerForBoolean)")
    }

    @Test func rejectsAnUnexpectedPropertyOfAnExactlyKnownType() {
        let problems = document.validate(json: Self.json(#"{"error":"x","code":"y","stack":"secret"}"#), againstSchemaNamed: "Error")
        #expect(problems == [#"body: unexpected property "stack" (the schema allows no others)"#])
    }

    @Test func rejectsAnUndocumentedStatus() {
        let problems = document.validate(method: "GET", path: "/health", status: 418, contentType: "application/json",
                                         body: Self.json(#"{"error":"teapot","code":"teapot"}"#))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("status 418 is not documented") == true, "\(problems)")
    }

    @Test func rejectsAnUnknownPathAndAnUndocumentedMethod() {
        let unknown = document.validate(method: "GET", path: "/nowhere/at/all", status: 404, contentType: "application/json",
                                        body: Self.json(#"{"error":"Not Found","code":"not_found"}"#))
        #expect(unknown == ["GET /nowhere/at/all: no documented path matches"])
        let method = document.validate(method: "DELETE", path: "/health", status: 200, contentType: "application/json",
                                       body: Self.json(#"{"status":"ok"}"#))
        #expect(method == ["DELETE /health: the method is not documented for this path"])
    }

    @Test func rejectsWrongFormatsEnumsRangesAndConstants() {
        var interview = try? JSONSerialization.jsonObject(with: Self.json(Self.interview)) as? [String: Any]
        interview?["id"] = "not-a-uuid"
        interview?["status"] = "DONE"
        interview?["score"] = 101
        interview?["createdAt"] = "yesterday"
        let body = (try? JSONSerialization.data(withJSONObject: interview ?? [:])) ?? Data()
        let problems = document.validate(json: body, againstSchemaNamed: "Interview")
        #expect(problems.contains { $0.contains("body.id") && $0.contains("not a valid uuid") }, "\(problems)")
        #expect(problems.contains { $0.contains("body.status") && $0.contains("is not one of") }, "\(problems)")
        #expect(problems.contains { $0.contains("body.score") && $0.contains("greater than the maximum 100") }, "\(problems)")
        #expect(problems.contains { $0.contains("body.createdAt") && $0.contains("not a valid date-time") }, "\(problems)")
        #expect(problems.count == 4, "\(problems)")
        let success = document.validate(json: Self.json(#"{"success":false}"#), againstSchemaNamed: "Success")
        #expect(success == ["body.success: expected true, got false"])
    }

    @Test func rejectsBodiesMatchingNeitherOrBothAlternatives() {
        let mixed = Self.json(#"{"id":"\#(Self.interviewId)","type":"TEXT","status":"PENDING","timeLimit":30,"expiresAt":"2026-11-27T10:00:00Z","hasRecording":true}"#)
        let problems = document.validate(method: "GET", path: "/interviews/\(Self.interviewId)", status: 200, contentType: "application/json", body: mixed)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("matches none of the oneOf schemas") == true, "\(problems)")
        let validator = document.schemas
        let both: [String: Any] = ["oneOf": [["type": "integer"], ["type": "number"]]]
        #expect(validator.problems(of: 3, against: both).first?.contains("matches 2 of the oneOf schemas") == true)
        let anyOf: [String: Any] = ["anyOf": [["type": "string"], ["type": "null"]]]
        #expect(validator.problems(of: NSNull(), against: anyOf) == [])
        #expect(validator.problems(of: [1], against: anyOf).count == 1)
    }

    @Test func rejectsUndocumentedContentTypesAndUnexpectedBodies() {
        let json = document.validate(method: "GET", path: "/metrics", status: 200, contentType: "application/json", body: Self.json("{}"))
        #expect(json.first?.contains("Content-Type application/json is not documented") == true, "\(json)")
        let notJSON = document.validate(method: "GET", path: "/health", status: 200, contentType: "application/json", body: Self.json("ok"))
        #expect(notJSON.first?.contains("not valid JSON") == true, "\(notJSON)")
        let missing = document.validate(method: "GET", path: "/health", status: 200, contentType: nil, body: Data())
        #expect(missing.first?.contains("no body") == true, "\(missing)")
        let extra = document.validate(method: "GET", path: "/files/\(Self.interviewId)", status: 304, contentType: "image/png", body: Data([1]))
        #expect(extra.first?.contains("documents none") == true, "\(extra)")
    }
}
