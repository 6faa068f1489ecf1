/// The settings of a ``RealtimeServer``.
///
/// The defaults are those of the reference JavaScript server (`pingInterval` 25 s, `pingTimeout`
/// 20 s, `maxPayload` 1 MB, `connectTimeout` 45 s, `upgradeTimeout` 10 s). Tests use short
/// heartbeats, e.g. 300 ms / 200 ms as the Socket.IO compliance suite does.
public struct RealtimeConfiguration: Sendable, Equatable {
    /// The path of the endpoint, relative to the router it is registered on (`/socket.io`; the
    /// trailing slash clients add is accepted).
    public var path: String
    /// The transports offered. Without `.webSocket` the handshake advertises no upgrade.
    public var transports: Set<RealtimeTransport>
    /// How often the server pings each client.
    public var pingInterval: Duration
    /// How long a client has to answer a ping before its session is dropped.
    public var pingTimeout: Duration
    /// The largest POST body or WebSocket message accepted, in bytes; advertised to clients.
    public var maxPayload: Int
    /// How long a polling → WebSocket upgrade may take.
    public var upgradeTimeout: Duration
    /// How long a new connection has to join a namespace.
    public var connectTimeout: Duration
    /// How long a polling session closed by the server waits for a last GET to deliver its final
    /// packets (such as a `DISCONNECT`).
    public var pollingCloseTimeout: Duration
    /// The most packets answered to one GET (python-engineio refuses payloads of more than 16).
    public var maxPacketsPerPoll: Int
    /// The most packets buffered for a client that does not read them (a polling client that does
    /// not poll, a WebSocket client that does not read) before it is dropped.
    public var maxBufferedPackets: Int
    /// The most client events waiting for the application's event handler, per connection,
    /// before the connection is dropped (a client flooding a slow handler).
    public var maxPendingEvents: Int
    /// The namespaces clients may join; others get `CONNECT_ERROR` "Invalid namespace".
    public var namespaces: Set<String>
    /// The origin policy; `nil` checks no origin and writes no CORS header.
    public var originPolicy: RealtimeOriginPolicy?
    /// The most sessions one client address may have open that have not joined a namespace yet
    /// (handshakes not yet authenticated); more are refused with HTTP 429. `nil`: no limit, and
    /// no limit either for requests whose address is unknown (see ``RealtimeServer/register(on:clientAddress:)``).
    public var maxPendingSessionsPerAddress: Int?

    /// Creates a configuration; every argument has the reference server's default.
    public init(
        path: String = "/socket.io",
        transports: Set<RealtimeTransport> = [.polling, .webSocket],
        pingInterval: Duration = .seconds(25),
        pingTimeout: Duration = .seconds(20),
        maxPayload: Int = 1_000_000,
        upgradeTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(45),
        pollingCloseTimeout: Duration = .seconds(3),
        maxPacketsPerPoll: Int = 16,
        maxBufferedPackets: Int = 10_000,
        maxPendingEvents: Int = 1_000,
        namespaces: Set<String> = ["/"],
        originPolicy: RealtimeOriginPolicy? = nil,
        maxPendingSessionsPerAddress: Int? = nil
    ) {
        self.path = path
        self.transports = transports
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.maxPayload = maxPayload
        self.upgradeTimeout = upgradeTimeout
        self.connectTimeout = connectTimeout
        self.pollingCloseTimeout = pollingCloseTimeout
        self.maxPacketsPerPoll = maxPacketsPerPoll
        self.maxBufferedPackets = maxBufferedPackets
        self.maxPendingEvents = maxPendingEvents
        self.namespaces = namespaces
        self.originPolicy = originPolicy
        self.maxPendingSessionsPerAddress = maxPendingSessionsPerAddress
    }

    /// The per-session settings of the Engine.IO state machine.
    var engine: EngineIOSessionStateMachine.Configuration {
        .init(
            pingInterval: pingInterval,
            pingTimeout: pingTimeout,
            maxPayload: maxPayload,
            upgradeTimeout: upgradeTimeout,
            pollingCloseTimeout: pollingCloseTimeout,
            maxPacketsPerPoll: maxPacketsPerPoll,
            maxBufferedPackets: maxBufferedPackets
        )
    }
}
