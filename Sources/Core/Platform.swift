public import Logging
public import PostgresNIO
public import Prometheus
public import ServiceLifecycle

/// The shared parts every role uses: configuration, the PostgreSQL pool, Redis, the realtime
/// event bus and the metrics registry.
///
/// The PostgreSQL client is a `Service`: whoever builds a `ServiceGroup` must include
/// ``postgres`` in it, before the services that query through it, and ``services`` (the Redis
/// client) before everything else, so they stop last.
public final class Platform: Sendable {
    /// Validated settings.
    public let configuration: AppConfiguration
    /// The connection pool, every call bounded (see ``Database``). The job engine uses
    /// `postgres.client`.
    public let postgres: Database
    /// Redis, or the in-process store when `REDIS_URL` is unset.
    public let redis: any RedisStore
    /// Realtime events to every process.
    public let events: EventBus
    /// Where swift-metrics records go (served by `GET /metrics`).
    public let metrics: PrometheusCollectorRegistry
    /// The root logger.
    public let logger: Logger

    /// The services a role's `ServiceGroup` runs for the platform itself: the Redis client when
    /// `REDIS_URL` is set (it shuts down when the group stops); none for the in-process store.
    public var services: [any Service] {
        (redis as? HiredisClient).map { [$0] } ?? []
    }

    /// Assembles the platform from `configuration`.
    public init(configuration: AppConfiguration, metrics: PrometheusCollectorRegistry, logger: Logger, role: String) throws {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        let client = PostgresClient(
            url: configuration.databaseURL, poolSize: configuration.databasePoolSize,
            applicationName: "vantahire-\(role)", statementTimeout: configuration.databaseStatementTimeout, logger: logger
        )
        self.postgres = Database(client: client, callTimeout: configuration.databaseCallTimeout)
        if let url = configuration.redisURL {
            self.redis = HiredisClient(configuration: try RedisConfiguration(url: url), logger: logger)
        } else {
            logger.notice("REDIS_URL is not set: using the in-process store (only valid for a single-process dev run)")
            self.redis = InMemoryRedisStore()
        }
        self.events = EventBus(redis: redis, logger: logger)
    }

    /// Creates a platform from explicit parts (tests); calls through `postgres` get the configured
    /// call timeout.
    public init(
        configuration: AppConfiguration, postgres: PostgresClient, redis: any RedisStore,
        metrics: PrometheusCollectorRegistry, logger: Logger
    ) {
        self.configuration = configuration
        self.postgres = Database(client: postgres, callTimeout: configuration.databaseCallTimeout)
        self.redis = redis
        self.events = EventBus(redis: redis, logger: logger)
        self.metrics = metrics
        self.logger = logger
    }
}
