import Logging
import NIOCore
import NIOPosix

/// One TCP connection to Redis: a NIO channel with a ``RedisChannelHandler``.
///
/// Commands are encoded on the caller's thread and written with a single `writeAndFlush`;
/// nothing here blocks an event loop.
final class RedisConnection: Sendable {
    let channel: any Channel
    private let configuration: RedisConfiguration

    private init(channel: any Channel, configuration: RedisConfiguration) {
        self.channel = channel
        self.configuration = configuration
    }

    /// Whether the channel is still open.
    var isActive: Bool {
        channel.isActive
    }

    /// Connects, then authenticates (`AUTH`) and selects the database (`SELECT`) as configured.
    static func connect(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        onPush: (@Sendable (RedisValue) -> Void)? = nil
    ) async throws -> RedisConnection {
        let endpoint = configuration.endpointDescription
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        RedisChannelHandler(endpoint: endpoint, logger: logger, onPush: onPush)
                    )
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw RedisError(.connectionFailed, "cannot connect to Redis at \(endpoint): \(error)")
        }
        let connection = RedisConnection(channel: channel, configuration: configuration)
        do {
            try await connection.handshake()
        } catch {
            connection.close()
            throw error
        }
        logger.debug("Connected to Redis", metadata: ["redis_endpoint": "\(endpoint)"])
        return connection
    }

    private func handshake() async throws {
        var commands: [[String]] = []
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(["AUTH", username, password])
            } else {
                commands.append(["AUTH", password])
            }
        }
        if configuration.database != 0 {
            commands.append(["SELECT", String(configuration.database)])
        }
        guard !commands.isEmpty else {
            return
        }
        let replies = try await send(commands)
        for (command, reply) in zip(commands, replies) {
            guard case .error(let text) = reply else {
                continue
            }
            if command[0] == "AUTH" {
                let who = configuration.username.map { "user '\($0)'" } ?? "the password"
                throw RedisError(
                    .authenticationFailed,
                    "Redis at \(configuration.endpointDescription) rejected AUTH for \(who) from REDIS_URL: \(text)"
                )
            }
            throw RedisError(
                .serverError,
                "SELECT \(configuration.database) failed on Redis at \(configuration.endpointDescription): \(text)"
            )
        }
    }

    /// Writes every command in one flush and returns their replies in order.
    ///
    /// `expectedReplies` defaults to one per command (`SUBSCRIBE a b` answers once per channel).
    /// Fails with ``RedisError/Code/timeout`` (and closes the connection, since later replies could no
    /// longer be matched) when the replies do not arrive within the command timeout.
    func send(_ commands: [[String]], expectedReplies: Int? = nil) async throws -> [RedisValue] {
        guard !commands.isEmpty else {
            return []
        }
        var payload = channel.allocator.buffer(capacity: commands.count * 32)
        for command in commands {
            try RedisCommandEncoder.encode(command, into: &payload)
        }
        let promise = channel.eventLoop.makePromise(of: [RedisValue].self)
        let channel = self.channel
        let timeout = configuration.commandTimeout
        let endpoint = configuration.endpointDescription
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            promise.fail(RedisError(.timeout, "no reply from Redis at \(endpoint) within \(timeout)"))
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in
            timer.cancel()
        }
        let request = RedisRequest(payload: payload, expectedReplies: expectedReplies ?? commands.count, promise: promise)
        channel.writeAndFlush(request).whenFailure { error in
            promise.fail(error as? RedisError ?? RedisError(.connectionFailed, "cannot write to Redis at \(endpoint): \(error)"))
        }
        return try await promise.futureResult.get()
    }

    /// Suspends until the connection is closed; cancelling the waiting task closes it.
    func waitUntilClosed() async {
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            self.close()
        }
    }

    /// Closes the connection; outstanding commands fail with ``RedisError/Code/connectionFailed``.
    func close() {
        channel.close(promise: nil)
    }
}
