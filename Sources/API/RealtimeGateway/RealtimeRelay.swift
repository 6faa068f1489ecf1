import Core
import Foundation
import Logging
import Realtime
import ServiceLifecycle

/// Relays events published through Redis (by any worker, voice or web process) to the sockets
/// connected to this process; resubscribes after a failure.
struct RealtimeRelay: Service {
    let events: EventBus
    let server: RealtimeServer<Caller>
    let logger: Logger

    func run() async throws {
        var delay = Duration.milliseconds(100)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let stream = try await events.events()
                delay = .milliseconds(100)
                for try await event in stream.cancelOnGracefulShutdown() {
                    guard let payload = try? JSONValue(parsing: event.data) else {
                        logger.warning("realtime event with a malformed payload dropped", metadata: ["event": "\(event.name)"])
                        continue
                    }
                    server.emit(toRooms: event.rooms, event: event.name, arguments: [payload])
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                logger.warning("realtime relay lost its subscription; retrying", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }
}
