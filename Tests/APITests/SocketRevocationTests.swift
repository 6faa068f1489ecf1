@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Realtime
import TestSupport
import Testing

/// Sign-out, admin revocation and role changes reach the realtime sockets those sessions
/// authenticated, in every `web` process: two API processes (their own services and Redis
/// connections, one Redis server), sockets on both, the change made through one of them.
@Suite struct SocketRevocationTests {
    /// Two API processes over one database and one Redis, B relaying socket revocations.
    struct TwoProcesses: Sendable {
        let a: APIHarness
        let b: APIHarness
    }

    static func withTwoProcesses(_ body: @escaping @Sendable (TwoProcesses) async throws -> Void) async throws {
        try await RedisServerProcess.withServer { redisServer in
            try await TestDatabase.with { db in
                let extra = ["REDIS_URL": redisServer.url]
                let redisA = HiredisClient(configuration: try RedisConfiguration(url: redisServer.url))
                let redisB = HiredisClient(configuration: try RedisConfiguration(url: redisServer.url))
                let servicesA = try APIServices(platform: try TestPlatform.make(database: db, redis: redisA, extra: extra))
                let servicesB = try APIServices(platform: try TestPlatform.make(database: db, redis: redisB, extra: extra))
                let (subscribed, subscription) = AsyncStream.makeStream(of: Void.self)
                var logger = Logger(label: "test.relay")
                logger.logLevel = .critical
                let relay = SocketRevocationRelay(bus: SocketRevocationBus(redis: redisB, logger: logger), server: servicesB.realtime,
                                                  logger: logger, onSubscribed: { subscription.yield() })
                let relaying = Task { try await relay.run() }
                var iterator = subscribed.makeAsyncIterator()
                _ = await iterator.next()
                do {
                    try await Application(router: buildRouter(services: servicesA)).test(.router) { clientA in
                        try await Application(router: buildRouter(services: servicesB)).test(.router) { clientB in
                            try await body(TwoProcesses(a: APIHarness(db: db, services: servicesA, client: clientA),
                                                        b: APIHarness(db: db, services: servicesB, client: clientB)))
                        }
                    }
                } catch {
                    relaying.cancel()
                    throw error
                }
                relaying.cancel()
                _ = try? await relaying.value
                await redisA.shutdown()
                await redisB.shutdown()
            }
        }
    }

    /// A socket on `process` authenticated like the web app after the change: `auth: {token}`.
    static func socket(on process: APIHarness, token: String) async throws -> PollingSocket {
        var socket = PollingSocket(client: process.client)
        let reply = try await socket.connect(auth: #"{"token":"\#(token)"}"#)
        #expect(reply.hasPrefix("40"), "CONNECT refused: \(reply)")
        return socket
    }

    @Test(.timeLimit(.minutes(2)))
    func signOutDisconnectsThatSessionsSocketsInEveryProcessAndNoOthers() async throws {
        try await Self.withTwoProcesses { both in
            let (a, b) = (both.a, both.b)
            let user = try await a.signUp(password: "correct horse battery")
            let second = try await a.request(.post, "/auth/signin", json: #"{"email":"\#(user.email)","password":"correct horse battery"}"#)
            let otherToken = try #require(second.object["token"] as? String)
            let onA = try await Self.socket(on: a, token: user.token)
            let onB = try await Self.socket(on: b, token: user.token)
            let otherSession = try await Self.socket(on: b, token: otherToken)
            #expect(try await onB.emit("join:recruiter", user.id.uuidString.lowercased(), ack: 1) == #"431[{"ok":true}]"#)

            #expect(try await a.request(.post, "/auth/signout", token: user.token).status == .ok)
            // DISCONNECT ("io server disconnect": the client does not reconnect), then the close.
            #expect(try await onB.packetsUntilClosed() == ["41", "1"])
            #expect(try await onA.packetsUntilClosed() == ["41", "1"])
            #expect(b.services.realtime.socket(id: onB.socketID) == nil)
            // The same user's other session keeps its socket, and B still delivers to it.
            #expect(b.services.realtime.socket(id: otherSession.socketID)?.isConnected == true)
            // The signed-out token cannot connect again.
            var retry = PollingSocket(client: b.client)
            #expect(try await retry.connect(auth: #"{"token":"\#(user.token)"}"#).hasPrefix("44"))
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func revokingSessionsDisconnectsAllTheUsersSocketsButNotCandidates() async throws {
        try await Self.withTwoProcesses { both in
            let (a, b) = (both.a, both.b)
            let admin = try await a.admin()
            let user = try await a.signUp()
            let second = try await a.request(.post, "/auth/signin", json: #"{"email":"\#(user.email)","password":"correct horse battery"}"#)
            let otherToken = try #require(second.object["token"] as? String)
            let interview = try await a.interview(of: user)
            let candidateToken = try await a.candidateToken(for: interview, owner: user)
            let first = try await Self.socket(on: b, token: user.token)
            let other = try await Self.socket(on: b, token: otherToken)
            let candidate = try await Self.socket(on: b, token: candidateToken)
            let bystander = try await Self.socket(on: b, token: admin.token)

            let revoked = try await a.request(.post, "/admin/users/\(user.id.uuidString.lowercased())/revoke-sessions", token: admin.token)
            #expect(revoked.status == .ok)
            #expect(revoked.object["revoked"] as? Int == 2)
            #expect(try await first.packetsUntilClosed() == ["41", "1"])
            #expect(try await other.packetsUntilClosed() == ["41", "1"])
            #expect(b.services.realtime.socket(id: candidate.socketID)?.isConnected == true)
            #expect(b.services.realtime.socket(id: bystander.socketID)?.isConnected == true)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aRoleChangeClosesTheUsersSocketsSoTheyReconnectWithTheNewRole() async throws {
        try await Self.withTwoProcesses { both in
            let (a, b) = (both.a, both.b)
            let admin = try await a.admin()
            let demoted = try await a.admin()
            let socket = try await Self.socket(on: b, token: demoted.token)
            #expect(b.services.realtime.socket(id: socket.socketID)?.principal.role == .admin)

            let changed = try await a.request(.patch, "/admin/users/\(demoted.id.uuidString.lowercased())", token: admin.token,
                                              json: #"{"role":"RECRUITER"}"#)
            #expect(changed.status == .ok)
            // Only the transport closes (no DISCONNECT): socket.io-client reconnects on its own…
            #expect(try await socket.packetsUntilClosed() == ["1"])
            // … and the same token now connects as a recruiter.
            let again = try await Self.socket(on: b, token: demoted.token)
            #expect(b.services.realtime.socket(id: again.socketID)?.principal.role == .recruiter)
            #expect(b.services.realtime.socket(id: again.socketID)?.principal.userId == demoted.id)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func theSecondCheckCatchesASessionThatEndedOrChangedWhileTheSocketConnected() async throws {
        try await APIHarness.with { api in
            let logger = api.services.platform.logger
            let user = try await api.signUp()
            let admin = try await api.admin()
            let signedOut = try await Self.socket(on: api, token: user.token)
            let demoted = try await Self.socket(on: api, token: admin.token)
            let first = try #require(api.services.realtime.socket(id: signedOut.socketID))
            let second = try #require(api.services.realtime.socket(id: demoted.socketID))
            // A live, unchanged session passes the check.
            await RealtimeGateway.recheck(first, authenticator: api.services.authenticator, logger: logger)
            #expect(first.isConnected)

            // As if committed between authentication and registration: the session is revoked
            // (row and cache) and the role changed, but no disconnect found these sockets.
            guard case .session(let sessionId) = first.principal.credential else { Issue.record("not a session socket"); return }
            let hash = try #require(try await SessionRecord.revoke(id: sessionId, on: api.services.platform.postgres, logger: logger))
            await SessionCache(redis: api.services.platform.redis).invalidate([hash], logger: logger)
            _ = try await User.setRole(id: admin.id, to: .recruiter, on: api.services.platform.postgres, logger: logger)
            let hashes = try await SessionRecord.liveTokenHashes(userId: admin.id, on: api.services.platform.postgres, logger: logger)
            await SessionCache(redis: api.services.platform.redis).invalidate(hashes, logger: logger)
            #expect(first.isConnected && second.isConnected)

            await RealtimeGateway.recheck(first, authenticator: api.services.authenticator, logger: logger)
            await RealtimeGateway.recheck(second, authenticator: api.services.authenticator, logger: logger)
            #expect(try await signedOut.packetsUntilClosed() == ["41", "1"])
            #expect(try await demoted.packetsUntilClosed() == ["1"])
        }
    }
}
