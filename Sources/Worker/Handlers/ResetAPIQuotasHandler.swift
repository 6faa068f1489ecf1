import Core
import Domain
import Foundation
public import Jobs
import Logging
import PostgresNIO

/// `reset_api_quotas`: every API key's daily counter back to zero in PostgreSQL and Redis.
public struct ResetAPIQuotasHandler: Sendable {
    let platform: Platform

    /// Creates the handler.
    public init(platform: Platform) { self.platform = platform }

    /// Resets all counters (logged; no socket room follows quotas, so no realtime event).
    public func handle(_: ResetAPIQuotas, context: JobContext) async throws {
        let (reset, all) = try await platform.postgres.withTransaction(logger: context.logger) { connection in
            (try await APIKeyQuota.resetAll(on: connection, logger: context.logger),
             try await APIKeyQuota.allKeyIDs(on: connection, logger: context.logger))
        }
        // Redis counters are cleared for every key, including those PostgreSQL had not caught up with.
        for chunk in stride(from: 0, to: all.count, by: 500) {
            let keys = all[chunk..<min(chunk + 500, all.count)].map(APIKeyQuota.redisKey(for:))
            try await platform.redis.delete(Array(keys))
        }
        context.logger.info("API quotas reset", metadata: ["keys": "\(all.count)", "with_requests": "\(reset.count)"])
    }
}
