public import Core
public import Hummingbird
public import ServiceLifecycle

/// Builds the `web` role's HTTP application over `platform`.
///
/// Tests call this too, so they exercise the real wiring. `services` are run inside the
/// application's own service group; `beforeServerStarts` runs before the port is opened.
public func buildApplication(
    platform: Platform,
    services: [any Service] = [],
    beforeServerStarts: (@Sendable () async throws -> Void)? = nil
) -> some ApplicationProtocol {
    let router = buildRouter(platform: platform)
    var app = Application(
        router: router,
        configuration: .init(
            address: .hostname(platform.configuration.host, port: platform.configuration.port),
            serverName: "vantahire"
        ),
        services: services,
        logger: platform.logger
    )
    if let beforeServerStarts {
        app.beforeServerStarts(perform: beforeServerStarts)
    }
    return app
}

/// The router with every route and middleware (exposed for router-level tests).
public func buildRouter(platform: Platform) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    HealthController(platform: platform).register(on: router)
    return router
}
