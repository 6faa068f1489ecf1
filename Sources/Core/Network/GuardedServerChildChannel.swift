public import HummingbirdCore
public import Logging
public import NIOCore

/// A Hummingbird child channel (`base`, e.g. HTTP/1 with WebSocket upgrade) whose connections
/// pass a ``ConnectionGuardHandler`` first: a connection cap and a deadline for the first request
/// head. Build the server with `HTTPServerBuilder { responder in GuardedServerChildChannel(…) }`.
public struct GuardedServerChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    /// What `base` produces.
    public typealias Value = Base.Value

    let base: Base
    let limiter: ConnectionLimiter
    let headerTimeout: TimeAmount

    /// Guards `base` with `limiter` and `headerTimeout`.
    public init(base: Base, limiter: ConnectionLimiter, headerTimeout: Duration) {
        self.base = base
        self.limiter = limiter
        self.headerTimeout = .nanoseconds(headerTimeout.wholeNanoseconds)
    }

    /// Adds the guard in front of the pipeline, then sets up `base`.
    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(
                ConnectionGuardHandler(limiter: limiter, headerTimeout: headerTimeout), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    /// Runs `base` on the connection.
    public func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
