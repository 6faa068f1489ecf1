import Foundation

/// Limits on the HTTP connections of the `web` and `voice` servers (each process applies them to
/// its own server).
public struct ConnectionSettings: Sendable {
    /// `HTTP_IDLE_TIMEOUT`: a connection whose first request head is not complete this long after
    /// it opened, or a keep-alive connection with no request in progress for this long, is closed
    /// (default `60s`).
    public var idleTimeout: Duration
    /// `HTTP_MAX_CONNECTIONS`: open connections per server, WebSockets included; more are
    /// answered 503 and closed (default 4096).
    public var maxConnections: Int
    /// `REALTIME_MAX_PENDING_PER_ADDRESS`: Socket.IO sessions one client address may have open
    /// before they join a namespace (authenticate); more handshakes get HTTP 429 (default 20).
    public var maxPendingRealtimeSessionsPerAddress: Int

    /// Reads the connection variables.
    public init(environment env: Environment) throws(ConfigurationError) {
        let idle = env["HTTP_IDLE_TIMEOUT"] ?? "60s"
        guard let idleTimeout = DurationParser.parse(idle), idleTimeout >= .seconds(1), idleTimeout <= .seconds(3600) else {
            throw ConfigurationError("HTTP_IDLE_TIMEOUT", "must be a duration between 1s and 1h (e.g. 60s), got '\(idle)'")
        }
        self.idleTimeout = idleTimeout
        maxConnections = try AppConfiguration.integer(env, "HTTP_MAX_CONNECTIONS", default: 4096, range: 1...1_000_000)
        maxPendingRealtimeSessionsPerAddress = try AppConfiguration.integer(
            env, "REALTIME_MAX_PENDING_PER_ADDRESS", default: 20, range: 1...100_000)
    }
}
