import Core
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a role's services in one `ServiceGroup` that drains on SIGTERM and SIGINT.
enum RoleRunner {
    static func run(_ services: [any Service], platform: Platform) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: platform.logger
            )
        )
        do {
            try await group.run()
        } catch {
            await Self.shutdownRedis(platform)
            throw Bootstrap.fail("stopped: \(String(reflecting: error))")
        }
        await Self.shutdownRedis(platform)
    }

    private static func shutdownRedis(_ platform: Platform) async {
        if let client = platform.redis as? HiredisClient { await client.shutdown() }
    }
}
