import Logging
import NIOCore
import Synchronization

/// Keeps one dedicated subscriber connection alive for a ``RedisSubscription``.
///
/// The first `SUBSCRIBE` happens in ``start()`` so that a failure reaches the caller; afterwards a
/// background task waits for the connection to drop and reconnects + resubscribes with backoff.
final class RedisSubscriber: Sendable {
    private struct State {
        var task: Task<Void, Never>?
        var connection: RedisConnection?
        var cancelled = false
    }

    private let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let channels: [String]
    private let continuation: AsyncStream<RedisMessage>.Continuation
    private let state = Mutex(State())

    init(
        channels: [String],
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        continuation: AsyncStream<RedisMessage>.Continuation
    ) {
        self.channels = channels
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.continuation = continuation
    }

    /// Subscribes for the first time, then keeps the subscription alive in the background.
    func start() async throws {
        let first = try await openConnection()
        let task = Task { await self.run(first) }
        let cancelled = state.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelled {
            task.cancel()
        }
    }

    /// Ends the subscription: closes the connection, stops reconnecting and finishes the stream.
    func cancel() {
        let (task, connection) = state.withLock { state in
            state.cancelled = true
            return (state.task, state.connection)
        }
        task?.cancel()
        connection?.close()
        if task == nil {
            continuation.finish()
        }
    }

    /// ``cancel()``, then waits until the background task has finished.
    func cancelAndWait() async {
        cancel()
        let task = state.withLock { $0.task }
        await task?.value
    }

    private func openConnection() async throws -> RedisConnection {
        let continuation = self.continuation
        let connection = try await RedisConnection.connect(
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            onPush: { value in
                if let message = Self.message(from: value) {
                    continuation.yield(message)
                }
            }
        )
        do {
            let replies = try await connection.send([["SUBSCRIBE"] + channels], expectedReplies: channels.count)
            if let failed = replies.first(where: \.isError) {
                throw RedisError(.serverError, "SUBSCRIBE failed: \(failed.string ?? "")")
            }
            let cancelled = state.withLock { state -> Bool in
                if !state.cancelled {
                    state.connection = connection
                }
                return state.cancelled
            }
            if cancelled {
                throw CancellationError()
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    private func run(_ initial: RedisConnection) async {
        var connection: RedisConnection? = initial
        var failures = 0
        while !Task.isCancelled {
            if let current = connection {
                await current.waitUntilClosed()
                connection = nil
                state.withLock { state in
                    if state.connection === current {
                        state.connection = nil
                    }
                }
                if Task.isCancelled {
                    break
                }
                logger.warning(
                    "Redis subscriber connection lost; resubscribing",
                    metadata: ["redis_endpoint": "\(configuration.endpointDescription)", "redis_channels": "\(channels)"]
                )
            }
            let delay = configuration.reconnectDelay(afterFailures: failures)
            if delay > .zero {
                try? await Task.sleep(for: delay)
                if Task.isCancelled {
                    break
                }
            }
            do {
                connection = try await openConnection()
                failures = 0
                logger.info(
                    "Redis subscriber resubscribed",
                    metadata: ["redis_endpoint": "\(configuration.endpointDescription)", "redis_channels": "\(channels)"]
                )
            } catch {
                failures += 1
                logger.debug(
                    "Redis subscriber reconnect failed",
                    metadata: ["redis_endpoint": "\(configuration.endpointDescription)", "error": "\(error)"]
                )
            }
        }
        let leftover = state.withLock { state in
            let leftover = state.connection
            state.connection = nil
            return leftover
        }
        leftover?.close()
        connection?.close()
        continuation.finish()
    }

    private static func message(from value: RedisValue) -> RedisMessage? {
        guard let elements = value.elements else {
            return nil
        }
        switch elements.first?.string {
        case "message" where elements.count == 3:
            guard let channel = elements[1].string, let payload = elements[2].string else {
                return nil
            }
            return RedisMessage(channel: channel, payload: payload)
        case "pmessage" where elements.count == 4:
            guard let channel = elements[2].string, let payload = elements[3].string else {
                return nil
            }
            return RedisMessage(channel: channel, payload: payload)
        default:
            return nil
        }
    }
}
