public import AsyncHTTPClient
import Conversation
public import Core
import Jobs
import NIOCore
import Logging

/// What every voice session of a process shares: the platform (configuration, PostgreSQL,
/// Redis), one HTTP client for the model and Aura, the job queue, the token signer and the
/// one-session-per-interview lock.
public final class VoiceRuntime: Sendable {
    /// The platform.
    public let platform: Platform
    /// The HTTP client (its owner shuts it down, e.g. with ``VoiceHTTPClientService``).
    public let httpClient: HTTPClient
    let queue: JobQueue
    let lifecycle: ConversationLifecycle
    let lock: SessionLock
    let signer: TokenSigner

    /// A runtime over `platform`, sending provider requests with `httpClient`.
    public init(platform: Platform, httpClient: HTTPClient) {
        self.platform = platform
        self.httpClient = httpClient
        self.queue = JobQueue(client: platform.postgres.client, logger: platform.logger)
        self.lifecycle = ConversationLifecycle(platform: platform, queue: queue)
        self.lock = SessionLock(redis: platform.redis, maxSessions: platform.configuration.voice.maxSessions)
        self.signer = TokenSigner(secret: platform.configuration.jwtSecret)
    }

    /// An HTTP client sized for many concurrent streamed requests per provider host.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1024)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Live sessions in this process.
    public var liveSessions: Int { lock.count }

    var settings: VoiceSettings { platform.configuration.voice }

    /// The first provider key the voice pipeline needs that is not set, by variable name.
    var missingProviderKey: String? {
        let credentials = platform.configuration.providers
        if credentials.deepgramAPIKey == nil { return "DEEPGRAM_API_KEY" }
        if credentials.groqAPIKey == nil { return "GROQ_API_KEY" }
        if platform.configuration.effectiveTTSProvider == .cartesia && credentials.cartesiaAPIKey == nil {
            return "CARTESIA_API_KEY"
        }
        return nil
    }
}
