@testable import API
import Core
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Import
import NIOCore
import PostgresNIO
import TestSupport
import Testing

/// Migrated users through the real API.
@Suite struct MigratedSignInTests {
    @Test func aMigratedUserSignsInWithTheOldPasswordAndIsRehashed() async throws {
        try await ImportFixture.with { fixture in
            let report = try await fixture.importOnce()
            #expect(report.rejectCount == 0)
            let platform = try TestPlatform.make(database: fixture.target)
            let app = Application(router: buildRouter(services: try APIServices(platform: platform)))
            try await app.test(.router) { client in
                func signIn(_ email: String, _ password: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                    try await client.execute(uri: "/auth/signin", method: .post, headers: [.contentType: "application/json"],
                                             body: ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#)) { response in
                        (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:])
                    }
                }
                let wrong = try await signIn("user4@example.com", "not the password")
                #expect(wrong.0 == .unauthorized)
                let ok = try await signIn("user4@example.com", SupabaseSource.password)
                #expect(ok.0 == .ok)
                let token = try #require(ok.1["token"] as? String)
                let me = try await client.execute(uri: "/auth/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { $0 }
                #expect(me.status == .ok)
                #expect(String(buffer: me.body).contains(SupabaseSource.id("user", 4)))
                // Re-hashed at the configured cost (BCRYPT_COST=4 in tests) on that sign-in.
                #expect(try await fixture.targetText("SELECT password_hash FROM users WHERE email = 'user4@example.com'")?.hasPrefix("$2b$04$") == true)
                // An API key the old app kept in clear works after the import (stored hashed); a wrong one does not.
                let keyed = try await client.execute(
                    uri: "/interviews", method: .get,
                    headers: [.authorization: "Bearer vh_live_ClearKeyClearKeyClearKeyClearKey12345678"]) { $0 }
                #expect(keyed.status == .ok)
                #expect(String(buffer: keyed.body).contains(SupabaseSource.id("interview", 8)))  // user-1 recruits interviews 8 and 16
                let forged = try await client.execute(
                    uri: "/interviews", method: .get,
                    headers: [.authorization: "Bearer vh_live_ClearKeyClearKeyClearKeyClearKey00000000"]) { $0 }
                #expect(forged.status == .unauthorized)
                // A password-less (OAuth) user cannot sign in with a password.
                #expect(try await signIn("oauth@example.com", "").0 != .ok)
                #expect(try await signIn("oauth@example.com", "anything at all").0 == .unauthorized)
            }
        }
    }
}
