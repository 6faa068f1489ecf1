import Foundation
public import Logging

/// Every setting of the platform, read from the environment and validated once at start.
///
/// `AppConfiguration(environment:)` throws a ``ConfigurationError`` naming the first invalid
/// variable; the executable prints it on one line and exits with a non-zero status. Each variable
/// is documented in `.env.example`.
public struct AppConfiguration: Sendable {
    /// `NODE_ENV`: decides how strict validation is and how logs look.
    public enum RuntimeEnvironment: String, Sendable {
        /// Deployed: secrets are mandatory and strong.
        case production
        /// A developer's machine: missing secrets get a generated default.
        case development
        /// The test suite.
        case test
    }

    /// Which text-to-speech provider the voice process uses.
    public enum TTSProvider: String, Sendable {
        /// Deepgram Aura (the default).
        case deepgram
        /// Cartesia Sonic (lower latency).
        case cartesia
    }

    /// `NODE_ENV` (default `development`).
    public var runtime: RuntimeEnvironment
    /// `HOST` (default `0.0.0.0`).
    public var host: String
    /// `PORT` (default 3000).
    public var port: Int
    /// `LOG_LEVEL` (default `info`).
    public var logLevel: Logger.Level
    /// `LOG_FORMAT`: `text` (default) or `json` (one JSON object per line).
    public var logFormat: LogFormat
    /// `DATABASE_URL` (required).
    public var databaseURL: DatabaseURL
    /// `DATABASE_POOL_SIZE`: most connections each process opens (default 10).
    public var databasePoolSize: Int
    /// `DATABASE_STATEMENT_TIMEOUT`: the pool connections' `statement_timeout` (default `30s`);
    /// a handler's or route's database call is abandoned ``databaseCallTimeout`` after it starts.
    public var databaseStatementTimeout: Duration
    /// `REDIS_URL`; `nil` selects the in-process store (single-process `dev` runs only).
    public var redisURL: String?
    /// `JWT_SECRET`.
    public var jwtSecret: String
    /// `true` when no `JWT_SECRET` was given outside production and one was generated for this process.
    public var jwtSecretGenerated: Bool
    /// `JWT_EXPIRES_IN` (default `7d`).
    public var jwtExpiresIn: Duration
    /// `FRONTEND_URL`: the web app's origin, allowed by CORS and used in links.
    public var frontendURL: String
    /// `DATA_DIR`: local files (outbox, recordings) when providers are not configured (default `./.data`).
    public var dataDirectory: String
    /// `VOICE_TTS_PROVIDER` (default `deepgram`).
    public var ttsProvider: TTSProvider
    /// `VOICE_TTS_LOW_LATENCY`: forces Cartesia when `true`.
    public var ttsLowLatency: Bool
    /// Third-party credentials; each `nil` when unset.
    public var providers: ProviderCredentials
    /// The job worker's settings.
    public var worker: WorkerSettings
    /// The scheduler's settings.
    public var scheduler: SchedulerSettings
    /// The API's settings.
    public var api: APISettings
    /// The voice process's settings.
    public var voice: VoiceSettings
    /// The limits of text interviews.
    public var conversation: ConversationSettings
    /// `METRICS_TOKEN`: the bearer token `/metrics` (API and voice) requires. Unset: `/metrics`
    /// is public outside production and refused (403) in production.
    public var metricsToken: String?
    /// Idle timeout and connection caps of the HTTP servers.
    public var connections: ConnectionSettings

    /// Longest wait for one database call of a handler or route (a query, or a whole transaction):
    /// the statement timeout plus 5 s for the server's cancellation to arrive.
    public var databaseCallTimeout: Duration { databaseStatementTimeout + .seconds(5) }

    /// The TTS provider actually used: Cartesia when low latency is forced.
    public var effectiveTTSProvider: TTSProvider { ttsLowLatency ? .cartesia : ttsProvider }

    /// Reads and validates every variable.
    public init(environment env: Environment) throws(ConfigurationError) {
        let runtimeName = env["NODE_ENV"] ?? "development"
        guard let runtime = RuntimeEnvironment(rawValue: runtimeName) else {
            throw ConfigurationError("NODE_ENV", "must be production, development or test, got '\(runtimeName)'")
        }
        self.runtime = runtime
        self.host = env["HOST"] ?? "0.0.0.0"
        self.port = try Self.integer(env, "PORT", default: 3000, range: 0...65535)
        let level = env["LOG_LEVEL"] ?? (runtime == .test ? "warning" : "info")
        guard let logLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigurationError("LOG_LEVEL", "must be one of trace, debug, info, notice, warning, error, critical")
        }
        self.logLevel = logLevel
        let format = env["LOG_FORMAT"] ?? "text"
        guard let logFormat = LogFormat(rawValue: format.lowercased()) else {
            throw ConfigurationError("LOG_FORMAT", "must be text or json, got '\(format)'")
        }
        self.logFormat = logFormat

        guard let database = env["DATABASE_URL"] else {
            throw ConfigurationError("DATABASE_URL", "is required (postgres://user:password@host:5432/database)")
        }
        self.databaseURL = try DatabaseURL(database)
        self.databasePoolSize = try Self.integer(env, "DATABASE_POOL_SIZE", default: 10, range: 1...500)
        let statementTimeout = env["DATABASE_STATEMENT_TIMEOUT"] ?? "30s"
        guard let statementDuration = DurationParser.parse(statementTimeout),
              statementDuration >= .seconds(1), statementDuration <= .seconds(3600)
        else {
            throw ConfigurationError("DATABASE_STATEMENT_TIMEOUT", "must be a duration between 1s and 1h (e.g. 30s), got '\(statementTimeout)'")
        }
        self.databaseStatementTimeout = statementDuration

        if let redis = env["REDIS_URL"] {
            guard let components = URLComponents(string: redis), components.scheme == "redis",
                  let host = components.host, !host.isEmpty
            else {
                throw ConfigurationError("REDIS_URL", "must look like redis://[user:password@]host:6379[/db]")
            }
            self.redisURL = redis
        } else {
            self.redisURL = nil
        }

        if let secret = env["JWT_SECRET"] {
            if runtime == .production && secret.count < 32 {
                throw ConfigurationError("JWT_SECRET", "must be at least 32 characters in production (got \(secret.count))")
            }
            self.jwtSecret = secret
            self.jwtSecretGenerated = false
        } else if runtime == .production {
            throw ConfigurationError("JWT_SECRET", "is required in production (at least 32 random characters)")
        } else {
            self.jwtSecret = Self.randomSecret()
            self.jwtSecretGenerated = true
        }
        let expires = env["JWT_EXPIRES_IN"] ?? "7d"
        guard let jwtExpiresIn = DurationParser.parse(expires) else {
            throw ConfigurationError("JWT_EXPIRES_IN", "must be seconds or a number with s, m, h, d or w (e.g. 7d), got '\(expires)'")
        }
        self.jwtExpiresIn = jwtExpiresIn

        let frontend = env["FRONTEND_URL"] ?? "http://localhost:5173"
        guard let frontendComponents = URLComponents(string: frontend),
              frontendComponents.scheme == "http" || frontendComponents.scheme == "https",
              frontendComponents.host?.isEmpty == false
        else {
            throw ConfigurationError("FRONTEND_URL", "must be an http(s) URL such as https://app.example.com, got '\(frontend)'")
        }
        self.frontendURL = frontend.hasSuffix("/") ? String(frontend.dropLast()) : frontend
        self.dataDirectory = env["DATA_DIR"] ?? "./.data"

        let tts = (env["VOICE_TTS_PROVIDER"] ?? "deepgram").lowercased()
        guard let ttsProvider = TTSProvider(rawValue: tts) else {
            throw ConfigurationError("VOICE_TTS_PROVIDER", "must be deepgram or cartesia, got '\(tts)'")
        }
        self.ttsProvider = ttsProvider
        self.ttsLowLatency = try Self.boolean(env, "VOICE_TTS_LOW_LATENCY", default: false)
        self.providers = try ProviderCredentials(environment: env)
        self.worker = try WorkerSettings(environment: env)
        self.scheduler = try SchedulerSettings(environment: env)
        self.api = try APISettings(environment: env, port: port)
        self.voice = try VoiceSettings(environment: env, host: host, port: port)
        self.conversation = try ConversationSettings(environment: env)
        self.metricsToken = env["METRICS_TOKEN"]
        if let token = metricsToken, token.count < 16 || token.contains(where: { $0.isWhitespace }) {
            throw ConfigurationError("METRICS_TOKEN", "must be at least 16 characters without spaces when set")
        }
        self.connections = try ConnectionSettings(environment: env)
    }

    /// Reads an integer variable within `range`.
    public static func integer(
        _ env: Environment, _ name: String, default value: Int, range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int {
        guard let text = env[name] else { return value }
        guard let parsed = Int(text), range.contains(parsed) else {
            throw ConfigurationError(name, "must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return parsed
    }

    /// Reads a boolean variable (`true/false`, `1/0`, `yes/no`).
    public static func boolean(_ env: Environment, _ name: String, default value: Bool) throws(ConfigurationError) -> Bool {
        guard let text = env[name]?.lowercased() else { return value }
        switch text {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigurationError(name, "must be true or false, got '\(text)'")
        }
    }

    private static func randomSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<48).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
