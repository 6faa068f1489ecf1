import Core
import Foundation
import Logging
import Realtime
import ServiceLifecycle

/// Applies the ``SocketRevocation``s published by any process (sign-outs, revocations, role
/// changes) to the sockets connected to this process; resubscribes after a failure.
struct SocketRevocationRelay: Service {
    let bus: SocketRevocationBus
    let server: RealtimeServer<Caller>
    let logger: Logger
    /// Called each time the subscription is in place (tests wait for it).
    var onSubscribed: @Sendable () -> Void = {}

    func run() async throws {
        var delay = Duration.milliseconds(100)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let stream = try await bus.revocations()
                delay = .milliseconds(100)
                onSubscribed()
                for try await revocation in stream.cancelOnGracefulShutdown() {
                    RealtimeGateway.disconnect(revocation, on: server)
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                logger.warning("socket revocation relay lost its subscription; retrying", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }
}
