@testable import API
import Core
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import TestSupport
import Testing

/// `HEAD` on a `GET` route answers like `GET` without the body, `Content-Length` kept.
@Suite struct HeadRequestTests {
    @Test func headOnHealthMetricsAndFilesAnswersLikeGetWithoutABody() async throws {
        try await APIHarness.with { api in
            for path in ["/health", "/metrics", "/openapi.json"] {
                let get = try await api.request(.get, path, validate: false)
                let head = try await api.request(.head, path, validate: false)
                #expect(get.status == .ok)
                #expect(head.status == .ok, "HEAD \(path) → \(head.status.code)")
                #expect(head.body.isEmpty)
                #expect(head.headers[.contentType] == get.headers[.contentType])
                #expect(head.headers[.contentLength] != nil)
                #expect(head.headers[.requestID] != nil)
            }
            let user = try await api.signUp()
            let uploaded = try await api.upload(tinyPNG, name: "logo.png", category: "LOGO", token: user.token)
            let id = try #require(uploaded.object["id"] as? String)
            let get = try await api.request(.get, "/files/\(id)", validate: false)
            let head = try await api.request(.head, "/files/\(id)", validate: false)
            #expect(head.status == .ok)
            #expect(head.body.isEmpty)
            #expect(head.headers[.contentLength] == String(tinyPNG.count))
            #expect(head.headers[.contentLength] == get.headers[.contentLength])
            #expect(head.headers[.eTag] == get.headers[.eTag])
            let missing = try await api.request(.head, "/files/\(UUID().uuidString.lowercased())", validate: false)
            #expect(missing.status == .notFound)
            #expect(missing.body.isEmpty)
        }
    }

    @Test func headOverARealSocketEndsWithoutABody() async throws {
        try await TestDatabase.with { db in
            let app = try buildApplication(platform: try TestPlatform.make(database: db))
            try await app.test(.live) { client in
                let length = try await client.execute(uri: "/health", method: .get) { $0.headers[.contentLength] }
                try await client.execute(uri: "/health", method: .head) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.contentLength] == length)
                }
                // The connection is still usable: the client did not wait for body bytes.
                try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            }
        }
    }
}
