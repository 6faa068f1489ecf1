@testable import API
import Core
import Foundation
import HTTPTypes
import NIOCore
import PostgresNIO
import TestSupport
import Testing

/// What the API tells those who should not know: `/metrics` behind `METRICS_TOKEN`, `/ready`
/// without error details, local recordings as non-sniffable downloads.
@Suite struct ExposureTests {
    @Test func metricsNeedTheBearerTokenWhenOneIsSet() async throws {
        try await APIHarness.with(extra: ["METRICS_TOKEN": "metrics-token-0123456789"]) { api in
            let none = try await api.request(.get, "/metrics")
            #expect(none.status == .unauthorized)
            #expect(none.code == "unauthorized")
            #expect(none.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await api.request(.get, "/metrics", headers: [.authorization: "Bearer metrics-token-0123456780"])
            #expect(wrong.status == .unauthorized)
            let session = try await api.signUp()
            #expect(try await api.request(.get, "/metrics", token: session.token).status == .unauthorized)
            let right = try await api.request(.get, "/metrics", headers: [.authorization: "Bearer metrics-token-0123456789"])
            #expect(right.status == .ok)
            #expect(right.text.contains("# TYPE"))
        }
    }

    @Test func metricsArePublicInDevelopmentAndRefusedInProductionWithoutAToken() async throws {
        try await APIHarness.with { api in
            let open = try await api.request(.get, "/metrics")
            #expect(open.status == .ok)
        }
        try await APIHarness.with(extra: ["NODE_ENV": "production"]) { api in
            let refused = try await api.request(.get, "/metrics")
            #expect(refused.status == .forbidden)
            #expect(refused.code == "metrics_disabled")
            #expect(!refused.text.contains("# TYPE"))
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: Environment(["DATABASE_URL": "postgres://u@h/d", "METRICS_TOKEN": "short"]))
        }
    }

    @Test func readinessNamesTheFailingDependencyWithoutItsError() async throws {
        let redis = HiredisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:1"))
        try await APIHarness.with(redis: redis) { api in
            let response = try await api.request(.get, "/ready")
            #expect(response.status == .serviceUnavailable)
            #expect(response.object["checks"] as? [String: String] == ["postgres": "ok", "redis": "unavailable"])
            #expect(response.object["error"] as? String == "Unavailable: redis")
            #expect(!response.text.contains("127.0.0.1"))
            #expect(!response.text.lowercased().contains("connect"))
        }
        await redis.shutdown()
    }

    @Test func localRecordingsAreServedAsNonSniffableDownloads() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vh-rec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDir) }
        try await APIHarness.with(extra: ["DATA_DIR": dataDir.path, "API_URL": "http://api.test"]) { api in
            let owner = try await api.signUp()
            let id = try await api.interview(of: owner)
            let signed = try await api.request(.post, "/videos/upload-url", token: owner.token,
                                               json: #"{"interviewId":"\#(id.uuidString)","fileName":"v.webm"}"#)
            let uploadText = try #require(signed.object["uploadUrl"] as? String)
            let upload = try #require(URLComponents(string: uploadText))
            let html = ByteBuffer(string: "<html><script>alert(document.cookie)</script></html>")
            let put = try await api.request(.put, upload.percentEncodedPath + "?" + (upload.percentEncodedQuery ?? ""), body: html, validate: false)
            #expect(put.status == .ok)
            let key = try #require(signed.object["fileKey"] as? String)
            #expect(try await api.request(.post, "/videos/confirm", token: owner.token,
                                          json: #"{"interviewId":"\#(id.uuidString)","fileKey":"\#(key)"}"#).status == .ok)
            let watch = try await api.request(.get, "/videos/\(id.uuidString)/watch", token: owner.token)
            let watchText = try #require(watch.object["url"] as? String)
            let url = try #require(URLComponents(string: watchText))
            let served = try await api.request(.get, url.percentEncodedPath + "?" + (url.percentEncodedQuery ?? ""), validate: false)
            #expect(served.status == .ok)
            #expect(served.headers[.xContentTypeOptions] == "nosniff")
            #expect(served.headers[.contentDisposition] == "attachment; filename=\"recording.webm\"")
            #expect(served.headers[.contentType] == "video/webm")
        }
    }
}
