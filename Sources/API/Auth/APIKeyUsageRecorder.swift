import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// Records API-key usage (`requests_today`, `last_request_at`) in PostgreSQL in batches: the
/// per-request count lives in Redis; this writes the latest count per key every few seconds and
/// once more at shutdown, instead of one write per request.
actor APIKeyUsageRecorder: Service {
    private let platform: Platform
    private let interval: Duration
    private var pending: [UUID: (count: Int, at: Date)] = [:]

    init(platform: Platform, interval: Duration = .seconds(5)) {
        self.platform = platform
        self.interval = interval
    }

    /// Notes that key `id` has made `requestsToday` requests, the last at `at`.
    func record(id: UUID, requestsToday: Int, at: Date) {
        let previous = pending[id]
        pending[id] = (max(previous?.count ?? 0, requestsToday), max(previous?.at ?? at, at))
    }

    /// Writes what was recorded since the last flush.
    func flush() async {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = [:]
        do {
            try await APIKey.recordUsage(batch.map { ($0.key, $0.value.count, $0.value.at) }, on: platform.postgres, logger: platform.logger)
        } catch {
            platform.logger.warning("API key usage not recorded; will retry", metadata: ["error": "\(error)"])
            for (id, value) in batch { record(id: id, requestsToday: value.count, at: value.at) }
        }
    }

    /// Flushes every `interval` until shutdown, then once more.
    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await flush()
        }
        await flush()
    }
}
