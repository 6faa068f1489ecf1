import Core
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a role's services in one `ServiceGroup` that drains on SIGTERM and SIGINT.
///
/// The platform's own services (the Redis client) come first, so the group stops them last, after
/// everything that uses them has drained.
enum RoleRunner {
    static func run(_ services: [any Service], platform: Platform) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: (platform.services + services).map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: platform.logger
            )
        )
        do {
            try await group.run()
        } catch {
            throw Bootstrap.fail("stopped: \(String(reflecting: error))")
        }
    }
}
