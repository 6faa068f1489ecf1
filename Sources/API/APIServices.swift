public import Core
import Domain
import Foundation
public import ServiceLifecycle
import HTTPTypes
import Hummingbird
public import Integrations
public import Jobs
public import Realtime
import Logging
import NIOCore
import PostgresNIO

/// Everything the routes share: the platform, the job queue, token signing, password hashing,
/// API-key usage recording and the recordings store.
public struct APIServices: Sendable {
    /// The platform (configuration, PostgreSQL, Redis, events).
    public let platform: Platform
    /// The job queue invites and evaluations are enqueued on.
    public let queue: JobQueue
    /// The recordings store (GCS, or local files without GCS credentials).
    public let recordings: any RecordingStore
    /// The Socket.IO endpoint (`/socket.io/`); emits reach this process's sockets.
    public let realtime: RealtimeServer<Caller>
    let signer: TokenSigner
    let hasher: PasswordHasher
    let usage: APIKeyUsageRecorder
    let throttle: SignInThrottle
    let signUpThrottle: SignUpThrottle
    /// Checks sign-in passwords with the same bcrypt work whether or not the account exists
    /// (see ``SignInVerifier``).
    let signInVerifier: SignInVerifier
    /// How `/voice/interview/:id/ws` is served (default: forwarded to `VOICE_URL`, or unavailable).
    public var voiceSocket: VoiceSocketBackend

    /// Assembles the services over `platform`; `recordings` defaults to the configured store.
    public init(platform: Platform, recordings: (any RecordingStore)? = nil) throws {
        let configuration = platform.configuration
        self.platform = platform
        self.queue = JobQueue(client: platform.postgres.client, logger: platform.logger)
        self.signer = TokenSigner(secret: configuration.jwtSecret)
        self.hasher = PasswordHasher(cost: configuration.api.bcryptCost)
        self.usage = APIKeyUsageRecorder(platform: platform)
        self.throttle = SignInThrottle(redis: platform.redis, settings: configuration.api, logger: platform.logger)
        self.signUpThrottle = SignUpThrottle(redis: platform.redis, settings: configuration.api, logger: platform.logger)
        self.recordings = try recordings ?? ProviderSet(configuration: configuration, logger: platform.logger).recordings
        self.signInVerifier = try SignInVerifier(hasher: hasher)
        self.voiceSocket = .configured(configuration.voice.upstreamURL)
        self.realtime = RealtimeGateway.makeServer(
            platform: platform, authenticator: Authenticator(platform: platform, signer: signer, usage: usage)
        )
    }

    /// Writes pending API-key usage to PostgreSQL now (normally done every few seconds).
    public func flushAPIKeyUsage() async {
        await usage.flush()
    }

    /// The services the `web` role runs next to the HTTP server: the realtime endpoint, the relay
    /// of events from Redis to its sockets, the relay of socket revocations, and the API-key usage
    /// recorder.
    public var backgroundServices: [any Service] {
        [realtime, RealtimeRelay(events: platform.events, server: realtime, logger: platform.logger),
         SocketRevocationRelay(bus: SocketRevocationBus(redis: platform.redis, logger: platform.logger), server: realtime, logger: platform.logger),
         usage]
    }

    /// Ends or updates sessions everywhere, this process's sockets included.
    public var sessionRevoker: SessionRevoker { SessionRevoker(platform: platform, realtime: realtime) }

    var authenticator: Authenticator { Authenticator(platform: platform, signer: signer, usage: usage) }
}
