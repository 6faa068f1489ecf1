@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import PostgresNIO
import TestSupport
import Testing

@Suite struct PostingAndKeyRoutesTests {
    @Test func postingsNeedApprovalToBePublicAndEditsSendThemBackToReview() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let admin = try await api.admin()
            let id = try await api.posting(of: a).uuidString.lowercased()
            #expect(try await api.request(.get, "/jobs/public").array.isEmpty)
            #expect(try await api.request(.get, "/jobs/\(id)").status == .unauthorized)
            let pending = try await api.request(.get, "/admin/jobs?approvalStatus=PENDING", token: admin.token)
            #expect(pending.array.compactMap { $0["id"] as? String } == [id])
            let approved = try await api.request(.post, "/admin/jobs/\(id)/approval", token: admin.token, json: #"{"approvalStatus":"APPROVED"}"#)
            #expect(approved.object["approvalStatus"] as? String == "APPROVED")
            #expect(try await api.request(.get, "/jobs/public").array.count == 1)
            #expect(try await api.request(.get, "/jobs/\(id)").status == .ok)
            let edited = try await api.request(.patch, "/jobs/\(id)", token: a.token, json: #"{"title":"Senior Swift engineer"}"#)
            #expect(edited.object["approvalStatus"] as? String == "PENDING")
            #expect(try await api.request(.get, "/jobs/public").array.isEmpty)
            let closed = try await api.request(.patch, "/jobs/\(id)", token: a.token, json: #"{"status":"CLOSED"}"#)
            #expect(closed.object["status"] as? String == "CLOSED")
            #expect(try await api.request(.patch, "/jobs/\(id)", token: a.token, json: #"{"status":"OPEN"}"#).status == .badRequest)
            #expect(try await api.request(.get, "/jobs", token: a.token).array.count == 1)
        }
    }

    @Test func candidatesApplyOnceAndRecruitersMoveApplications() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let b = try await api.signUp()
            let admin = try await api.admin()
            let candidate = try await api.signUp(.candidate)
            let job = try await api.posting(of: a).uuidString.lowercased()
            let draftApply = try await api.request(.post, "/jobs/\(job)/applications", token: candidate.token, json: "{}")
            #expect(draftApply.status == .notFound)
            _ = try await api.request(.post, "/admin/jobs/\(job)/approval", token: admin.token, json: #"{"approvalStatus":"APPROVED"}"#)
            let resume = try await api.upload(tinyPDF, name: "cv.pdf", category: "RESUME", token: candidate.token)
            #expect(resume.status == .created)
            let resumeId = try #require(resume.object["id"] as? String)
            let applied = try await api.request(.post, "/jobs/\(job)/applications", token: candidate.token,
                                                json: #"{"coverLetter":"Hello","resumeFileId":"\#(resumeId)"}"#)
            #expect(applied.status == .created)
            let twice = try await api.request(.post, "/jobs/\(job)/applications", token: candidate.token, json: "{}")
            #expect(twice.status == .conflict)
            #expect(try await api.request(.post, "/jobs/\(job)/applications", token: a.token, json: "{}").status == .forbidden)
            let listed = try await api.request(.get, "/jobs/\(job)/applications", token: a.token)
            let applicationId = try #require(listed.array.first?["id"] as? String)
            #expect(try await api.request(.get, "/jobs/\(job)/applications", token: b.token).status == .notFound)
            // The recruiter the resume was shared with may read it; another recruiter may not.
            #expect(try await api.request(.get, "/files/\(resumeId)", token: a.token, validate: false).status == .ok)
            #expect(try await api.request(.get, "/files/\(resumeId)", token: b.token).status == .notFound)
            #expect(try await api.request(.patch, "/applications/\(applicationId)", token: b.token, json: #"{"status":"HIRED"}"#).status == .notFound)
            let moved = try await api.request(.patch, "/applications/\(applicationId)", token: a.token, json: #"{"status":"SHORTLISTED"}"#)
            #expect(moved.object["status"] as? String == "SHORTLISTED")
            let mine = try await api.request(.get, "/applications", token: candidate.token)
            #expect(mine.array.first?["status"] as? String == "SHORTLISTED")
            #expect(try await api.request(.delete, "/jobs/\(job)", token: a.token).status == .conflict)
        }
    }

    @Test func apiKeysAreShownOnceAuthenticateAndCanBeRevoked() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let created = try await api.request(.post, "/api-keys", token: a.token, json: #"{"name":"ATS","scopes":["interviews:read","interviews:write"]}"#)
            #expect(created.status == .created)
            let key = try #require(created.object["key"] as? String)
            #expect(key.hasPrefix("vh_live_"))
            let record = try #require(created.object["apiKey"] as? [String: Any])
            #expect(key.hasPrefix(try #require(record["keyPrefix"] as? String)))
            let listed = try await api.request(.get, "/api-keys", token: a.token)
            #expect(!listed.text.contains(key))
            #expect(try await api.scalar("SELECT count(*) FROM api_keys WHERE key_hash = \(SecureToken.sha256Hex(key))", as: Int.self) == 1)
            #expect(try await api.request(.get, "/interviews", token: key).status == .ok)
            #expect(try await api.request(.get, "/interviews", headers: [.apiKey: key]).status == .ok)
            #expect(try await api.request(.get, "/jobs", token: key).status == .forbidden)
            #expect(try await api.request(.get, "/api-keys", token: key).status == .forbidden)
            let bad = try await api.request(.post, "/api-keys", token: a.token, json: #"{"name":"x","scopes":["root"]}"#)
            #expect(bad.status == .badRequest)
            let id = try #require(record["id"] as? String)
            #expect(try await api.request(.delete, "/api-keys/\(id)", token: (try await api.signUp()).token).status == .notFound)
            #expect(try await api.request(.delete, "/api-keys/\(id)", token: a.token).status == .ok)
            #expect(try await api.request(.get, "/interviews", token: key).status == .unauthorized)
            #expect(try await api.request(.get, "/interviews", token: "vh_live_doesnotexist").status == .unauthorized)
        }
    }

    @Test func apiKeyQuotaAnswers429WithHeadersAndIsRecordedInBatches() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let key = try await api.apiKey(for: a, scopes: ["interviews:read"], rateLimit: 3)
            for remaining in [2, 1, 0] {
                let ok = try await api.request(.get, "/interviews", token: key)
                #expect(ok.status == .ok)
                #expect(ok.headers[.rateLimitLimit] == "3")
                #expect(ok.headers[.rateLimitRemaining] == String(remaining))
                #expect(ok.headers[.rateLimitReset].flatMap(Int.init).map { $0 > Int(Date().timeIntervalSince1970) } == true)
            }
            let limited = try await api.request(.get, "/interviews", token: key)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.code == "rate_limited")
            #expect(limited.headers[.retryAfter].flatMap(Int.init).map { (1...86_400).contains($0) } == true)
            #expect(limited.headers[.rateLimitRemaining] == "0")
            #expect(try await api.scalar("SELECT requests_today FROM api_keys", as: Int.self) == 0)
            await api.services.flushAPIKeyUsage()
            #expect(try await api.scalar("SELECT requests_today FROM api_keys", as: Int.self) == 4)
            #expect(try await api.scalar("SELECT last_request_at IS NOT NULL FROM api_keys", as: Bool.self) == true)
        }
    }
}
