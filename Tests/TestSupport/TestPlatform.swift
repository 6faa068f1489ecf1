import Core
import Foundation
import Logging
import PostgresNIO

/// Builds a ``Platform`` for tests over a ``TestDatabase``.
public enum TestPlatform {
    /// The Redis URL of the test cluster (`VANTAHIRE_TEST_REDIS_URL`).
    public static func redisURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["VANTAHIRE_TEST_REDIS_URL"] else {
            throw TestEnvironmentError("VANTAHIRE_TEST_REDIS_URL is not set: run the suite with scripts/test")
        }
        return url
    }

    /// A configuration for `database` with `extra` variables on top.
    public static func configuration(database: TestDatabase, extra: [String: String] = [:]) throws -> AppConfiguration {
        var values = [
            "NODE_ENV": "test", "DATABASE_URL": database.url.urlString, "PORT": "0", "HOST": "127.0.0.1",
            "BCRYPT_COST": "4", "JWT_SECRET": "test-secret-test-secret-test-secret-42",
        ]
        for (key, value) in extra { values[key] = value }
        return try AppConfiguration(environment: Environment(values))
    }

    /// A platform on `database` with `redis` (the in-process store by default).
    public static func make(database: TestDatabase, redis: (any RedisStore)? = nil, extra: [String: String] = [:]) throws -> Platform {
        let registry = Observability.bootstrap(logLevel: .critical)
        var logger = Logger(label: "test.platform")
        logger.logLevel = .critical
        return Platform(
            configuration: try configuration(database: database, extra: extra), postgres: database.client,
            redis: redis ?? InMemoryRedisStore(), metrics: registry, logger: logger
        )
    }
}
