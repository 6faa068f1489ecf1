@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import PostgresNIO
import TestSupport
import Testing

/// Candidate links can be revoked: regenerating the link or changing the candidate's email makes
/// every earlier token fail; the new one works.
@Suite struct InterviewLinkRevocationTests {
    @Test func regeneratingTheLinkRevokesEveryEarlierToken() async throws {
        try await APIHarness.with { api in
            let owner = try await api.signUp()
            let id = try await api.interview(of: owner)
            let path = "/interviews/\(id.uuidString.lowercased())"
            let old = try await api.candidateToken(for: id, owner: owner)
            #expect(try await api.request(.get, path, token: old).status == .ok)
            let regenerated = try await api.request(.post, "\(path)/link/regenerate", token: owner.token)
            #expect(regenerated.status == .ok)
            let fresh = try #require(regenerated.object["token"] as? String)
            #expect((regenerated.object["url"] as? String)?.hasSuffix("?token=\(fresh)") == true)
            let refused = try await api.request(.get, path, token: old)
            #expect(refused.status == .unauthorized)
            #expect(refused.code == "link_revoked")
            #expect(try await api.request(.get, "\(path)?token=\(old)").status == .unauthorized)
            #expect(try await api.request(.get, path, token: fresh).status == .ok)
            // GET /link now issues tokens of the new version too.
            let again = try await api.candidateToken(for: id, owner: owner)
            #expect(try await api.request(.get, path, token: again).status == .ok)
            // Invites sent from now on carry the new version.
            let details = try #require(try await InviteDetails.load(interviewId: id, on: api.db.database, logger: api.db.logger))
            #expect(details.tokenVersion == 1)
            // Only the owner (or an admin, or a key with interviews:write) may regenerate.
            let stranger = try await api.signUp()
            #expect(try await api.request(.post, "\(path)/link/regenerate", token: stranger.token).status == .notFound)
            #expect(try await api.request(.post, "\(path)/link/regenerate", token: fresh).status == .forbidden)
        }
    }

    @Test func changingTheCandidateEmailRevokesTheLinksSentToTheOldAddress() async throws {
        try await APIHarness.with { api in
            let owner = try await api.signUp()
            let id = try await api.interview(of: owner)
            let path = "/interviews/\(id.uuidString.lowercased())"
            let sent = try await api.candidateToken(for: id, owner: owner)
            // The same address (any case) changes nothing.
            #expect(try await api.request(.patch, path, token: owner.token, json: #"{"candidateEmail":"CAND@example.com"}"#).status == .ok)
            #expect(try await api.request(.get, path, token: sent).status == .ok)
            #expect(try await api.request(.patch, path, token: owner.token, json: #"{"candidateName":"Ana Maria"}"#).status == .ok)
            #expect(try await api.request(.get, path, token: sent).status == .ok)
            #expect(try await api.request(.patch, path, token: owner.token, json: #"{"candidateEmail":"new@example.com"}"#).status == .ok)
            let refused = try await api.request(.get, path, token: sent)
            #expect(refused.status == .unauthorized)
            #expect(refused.code == "link_revoked")
            let current = try await api.candidateToken(for: id, owner: owner)
            #expect(try await api.request(.get, path, token: current).status == .ok)
        }
    }

    @Test func tokensFromBeforeVersionsOpenVersionZero() throws {
        let signer = TokenSigner(secret: "test-secret-test-secret-test-secret-42")
        struct Legacy: Codable { var typ = "interview"; var iid: UUID; var iat: Int; var exp: Int }
        let id = UUID()
        let legacy = try signer.sign(Legacy(iid: id, iat: 1, exp: Int(Date().timeIntervalSince1970) + 3600))
        let verified = try #require(InterviewToken.verify(legacy, signer: signer))
        #expect(verified.interviewId == id)
        #expect(verified.version == 0)
    }
}
