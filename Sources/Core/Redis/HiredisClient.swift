import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// A ``RedisStore`` backed by a real Redis server.
///
/// Sockets are SwiftNIO channels; hiredis is used only to format commands and to parse replies
/// (`redisReader`), so no call blocks an event loop. The client connects lazily on the first
/// command, authenticates and selects the database from its ``RedisConfiguration``, and pipelines
/// concurrent commands over one connection. When the connection drops, outstanding commands fail
/// with ``RedisError/Code/connectionFailed`` and the next command reconnects; after a failed
/// attempt, commands fail fast (with the last error) until the exponential backoff has passed.
/// Subscriptions use dedicated connections that resubscribe in the background.
///
/// The client is a `Service`: run in a role's `ServiceGroup`, it shuts down (closing its connection
/// and ending every subscription) when the group stops.
public final class HiredisClient: RedisStore, Service, Sendable {
    private struct State {
        var connection: RedisConnection?
        var connecting: Task<RedisConnection, any Error>?
        var failures = 0
        var retryAt: ContinuousClock.Instant?
        var lastError: RedisError?
        var isShutdown = false
        var subscribers: [Int: RedisSubscriber] = [:]
        var nextSubscriberID = 0
    }

    private enum ConnectAction {
        case use(RedisConnection)
        case wait(Task<RedisConnection, any Error>)
        case fail(RedisError)
    }

    /// The configuration the client connects with.
    public let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates a client; no connection is made until the first command.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "vantahire.redis")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    deinit {
        // Without `shutdown()`, at least do not leak the command connection.
        state.withLock { $0.connection }?.close()
    }

    /// Closes the connection and ends every subscription; later commands fail with ``RedisError/Code/connectionFailed``.
    public func shutdown() async {
        let (connection, connecting, subscribers) = state.withLock { state in
            state.isShutdown = true
            let taken = (state.connection, state.connecting, Array(state.subscribers.values))
            state.connection = nil
            state.subscribers = [:]
            return taken
        }
        for subscriber in subscribers {
            await subscriber.cancelAndWait()
        }
        if let connecting, let late = try? await connecting.value {
            late.close()
        }
        if let connection {
            connection.close()
            try? await connection.channel.closeFuture.get()
        }
    }

    /// Waits for the group's graceful shutdown (or cancellation), then ``shutdown()``.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    // MARK: RedisStore

    /// `GET key`; `nil` when the key does not exist.
    public func get(_ key: String) async throws -> String? {
        try await command(["GET", key]).string
    }

    /// `SET key value [PX milliseconds]`.
    public func set(_ key: String, to value: String, expiresIn: Duration?) async throws {
        var arguments = ["SET", key, value]
        if let expiresIn {
            arguments += ["PX", String(Self.milliseconds(expiresIn))]
        }
        _ = try await command(arguments)
    }

    /// `SET key value NX [PX milliseconds]`; returns whether the value was stored.
    @discardableResult
    public func set(ifAbsent key: String, to value: String, expiresIn: Duration?) async throws -> Bool {
        try await set(key, to: value, expiresIn: expiresIn, condition: "NX")
    }

    /// `SET key value XX [PX milliseconds]`; returns whether the value was stored.
    @discardableResult
    public func set(ifPresent key: String, to value: String, expiresIn: Duration?) async throws -> Bool {
        try await set(key, to: value, expiresIn: expiresIn, condition: "XX")
    }

    /// `DEL keys...`; returns how many keys were removed.
    @discardableResult
    public func delete(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else {
            return 0
        }
        return try await integer(["DEL"] + keys)
    }

    /// `INCR key` and, with an expiry, `PEXPIRE key ms NX` in the same write; returns the new count.
    ///
    /// `NX` (Redis 7+) makes the expiry apply only to a key that has none, i.e. one the `INCR` just
    /// created. On older servers, which reject `NX`, the expiry is set in a second round trip when the
    /// count is 1.
    public func increment(_ key: String, expiresIn: Duration?) async throws -> Int {
        guard let expiresIn else {
            return try await integer(["INCR", key])
        }
        let ttl = String(Self.milliseconds(expiresIn))
        let replies = try await pipeline([["INCR", key], ["PEXPIRE", key, ttl, "NX"]])
        guard replies.count == 2 else {
            throw RedisError(.protocolError, "expected 2 replies to INCR + PEXPIRE, got \(replies.count)")
        }
        let count = try Self.integerValue(of: replies[0], command: "INCR")
        if case .error = replies[1], count == 1 {
            _ = try await command(["PEXPIRE", key, ttl])
        }
        return count
    }

    /// `PTTL` of each key in one write; `nil` for a missing key (-2) or one without expiry (-1).
    public func timeToLive(_ keys: [String]) async throws -> [Duration?] {
        let replies = try await pipeline(keys.map { ["PTTL", $0] })
        return try replies.map { reply in
            let milliseconds = try Self.integerValue(of: reply, command: "PTTL")
            return milliseconds >= 0 ? .milliseconds(milliseconds) : nil
        }
    }

    /// Sends all commands in one write and returns one reply per command; error replies are returned, not thrown.
    ///
    /// Not part of ``RedisStore``: callers use its typed operations; this stays for diagnostics and tests.
    public func pipeline(_ commands: [[String]]) async throws -> [RedisValue] {
        guard !commands.isEmpty else {
            return []
        }
        let connection = try await connection()
        return try await connection.send(commands)
    }

    /// `PUBLISH channel message`; returns how many subscribers received it.
    @discardableResult
    public func publish(_ message: String, to channel: String) async throws -> Int {
        try await integer(["PUBLISH", channel, message])
    }

    /// Subscribes on a dedicated connection; returns once the server has confirmed the subscription.
    ///
    /// Throws when the server cannot be reached at that moment. Afterwards the subscription
    /// reconnects and resubscribes in the background (messages published while disconnected are lost).
    /// It ends when the consuming task is cancelled, the sequence is dropped, or the client shuts down.
    public func subscribe(to channels: [String]) async throws -> RedisSubscription {
        let (stream, continuation) = RedisSubscription.makeStream()
        let unique = Array(Set(channels)).sorted()
        guard !unique.isEmpty else {
            continuation.finish()
            return RedisSubscription(stream: stream)
        }
        let subscriber = RedisSubscriber(
            channels: unique,
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            continuation: continuation
        )
        let id: Int? = state.withLock { state in
            guard !state.isShutdown else {
                return nil
            }
            let id = state.nextSubscriberID
            state.nextSubscriberID += 1
            state.subscribers[id] = subscriber
            return id
        }
        guard let id else {
            throw Self.shutdownError
        }
        continuation.onTermination = { [weak self] _ in
            subscriber.cancel()
            self?.removeSubscriber(id)
        }
        do {
            try await subscriber.start()
        } catch {
            subscriber.cancel()
            removeSubscriber(id)
            throw error
        }
        return RedisSubscription(stream: stream)
    }

    /// `PING`; throws ``RedisError`` when the server cannot be reached or answers with an error.
    public func ping() async throws {
        let reply = try await command(["PING"])
        guard reply == .simple("PONG") else {
            throw RedisError(.protocolError, "unexpected reply to PING: \(reply)")
        }
    }

    // MARK: Internals

    private static var shutdownError: RedisError {
        RedisError(.connectionFailed, "the Redis client has been shut down")
    }

    private func removeSubscriber(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    private func command(_ arguments: [String]) async throws -> RedisValue {
        let replies = try await pipeline([arguments])
        guard let reply = replies.first else {
            throw RedisError(.protocolError, "no reply to \(arguments[0])")
        }
        if case .error(let text) = reply {
            throw Self.serverError(text, command: arguments[0])
        }
        return reply
    }

    private func set(_ key: String, to value: String, expiresIn: Duration?, condition: String) async throws -> Bool {
        var arguments = ["SET", key, value, condition]
        if let expiresIn {
            arguments += ["PX", String(Self.milliseconds(expiresIn))]
        }
        return try await command(arguments) == .simple("OK")
    }

    private func integer(_ arguments: [String]) async throws -> Int {
        try Self.integerValue(of: try await command(arguments), command: arguments[0])
    }

    private static func integerValue(of reply: RedisValue, command: String) throws -> Int {
        switch reply {
        case .integer(let value):
            return value
        case .error(let text):
            throw serverError(text, command: command)
        default:
            throw RedisError(.protocolError, "expected an integer reply to \(command), got \(reply)")
        }
    }

    private static func serverError(_ text: String, command: String) -> RedisError {
        if text.hasPrefix("NOAUTH") || text.hasPrefix("WRONGPASS") {
            return RedisError(
                .authenticationFailed,
                "\(command) refused: \(text) (set the password in REDIS_URL, e.g. redis://:password@host:6379)"
            )
        }
        return RedisError(.serverError, "\(command) failed: \(text)")
    }

    /// Milliseconds for `PX` / `PEXPIRE`, rounded up and at least 1.
    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(millis, 1)
    }

    /// The open connection, joining or starting a connection attempt when there is none.
    private func connection() async throws -> RedisConnection {
        let action: ConnectAction = state.withLock { state in
            if state.isShutdown {
                return .fail(Self.shutdownError)
            }
            if let connection = state.connection {
                if connection.isActive {
                    return .use(connection)
                }
                state.connection = nil
            }
            if let connecting = state.connecting {
                return .wait(connecting)
            }
            let now = ContinuousClock.now
            if let retryAt = state.retryAt, retryAt > now {
                let last = state.lastError ?? RedisError(.connectionFailed, "Redis at \(configuration.endpointDescription) is unreachable")
                let wait = retryAt - now
                let millis = wait.components.seconds * 1_000 + wait.components.attoseconds / 1_000_000_000_000_000
                return .fail(RedisError(last.code, "\(last.message) (next reconnect attempt in \(millis) ms)"))
            }
            let task = Task { try await self.establish() }
            state.connecting = task
            return .wait(task)
        }
        switch action {
        case .use(let connection):
            return connection
        case .fail(let error):
            throw error
        case .wait(let task):
            return try await task.value
        }
    }

    private func establish() async throws -> RedisConnection {
        do {
            let connection = try await RedisConnection.connect(
                configuration: configuration,
                eventLoopGroup: eventLoopGroup,
                logger: logger
            )
            let (kept, recovered) = state.withLock { state -> (Bool, Bool) in
                let recovered = state.failures > 0
                state.connecting = nil
                state.failures = 0
                state.retryAt = nil
                state.lastError = nil
                guard !state.isShutdown else {
                    return (false, recovered)
                }
                state.connection = connection
                return (true, recovered)
            }
            guard kept else {
                connection.close()
                throw Self.shutdownError
            }
            if recovered {
                logger.info("Reconnected to Redis", metadata: ["redis_endpoint": "\(configuration.endpointDescription)"])
            }
            connection.channel.closeFuture.whenComplete { [weak self] _ in
                self?.connectionClosed(connection)
            }
            return connection
        } catch {
            let redisError = error as? RedisError ?? RedisError(.connectionFailed, "\(error)")
            let delay = state.withLock { state -> Duration in
                state.connecting = nil
                state.failures += 1
                let delay = configuration.reconnectDelay(afterFailures: state.failures)
                state.retryAt = ContinuousClock.now + delay
                state.lastError = redisError
                return delay
            }
            logger.warning(
                "Redis connection attempt failed",
                metadata: [
                    "redis_endpoint": "\(configuration.endpointDescription)",
                    "error": "\(redisError)",
                    "redis_retry_in": "\(delay)",
                ]
            )
            throw redisError
        }
    }

    private func connectionClosed(_ connection: RedisConnection) {
        let wasCurrent = state.withLock { state -> Bool in
            guard state.connection === connection else {
                return false
            }
            state.connection = nil
            return true
        }
        if wasCurrent {
            logger.warning("Redis connection closed; the next command reconnects", metadata: ["redis_endpoint": "\(configuration.endpointDescription)"])
        }
    }
}
