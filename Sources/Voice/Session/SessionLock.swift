import Core
import Foundation


/// One live session per interview: an in-process registry (also the session cap) plus a Redis
/// lease `voice:session:<id>` (`SET NX PX`, renewed every 10 s, 30 s lifetime) so two voice
/// processes never serve the same interview.
final class SessionLock: Sendable {
    /// Why a session could not be registered.
    enum Refusal: Error {
        /// `VOICE_MAX_SESSIONS` reached.
        case full
        /// Another session of the interview is live.
        case busy
    }

    private let redis: any RedisStore
    private let maxSessions: Int
    private let live = Locked<Set<UUID>>([])

    init(redis: any RedisStore, maxSessions: Int) {
        self.redis = redis
        self.maxSessions = maxSessions
    }

    /// Live sessions in this process.
    var count: Int { live.withLock { $0.count } }

    /// Takes the interview's lock; returns the lease to release.
    func acquire(_ interviewId: UUID) async throws -> Lease {
        let maxSessions = self.maxSessions
        let refusal = live.withLock { live -> Refusal? in
            guard live.count < maxSessions else { return .full }
            return live.insert(interviewId).inserted ? nil : .busy
        }
        if let refusal { throw refusal }
        let key = "voice:session:\(interviewId.uuidString.lowercased())"
        let token = UUID().uuidString
        let acquired: Bool
        do {
            acquired = try await redis.set(ifAbsent: key, to: token, expiresIn: .seconds(30))
        } catch {
            live.withLock { _ = $0.remove(interviewId) }
            throw error
        }
        guard acquired else {
            live.withLock { _ = $0.remove(interviewId) }
            throw Refusal.busy
        }
        let redis = self.redis
        let renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                if Task.isCancelled { break }
                _ = try? await redis.set(ifPresent: key, to: token, expiresIn: .seconds(30))
            }
        }
        return Lease(release: { [live] in
            renewal.cancel()
            if (try? await redis.get(key)) == token { _ = try? await redis.delete([key]) }
            live.withLock { _ = $0.remove(interviewId) }
        })
    }

    /// A held lock.
    struct Lease: Sendable {
        let release: @Sendable () async -> Void
    }
}
