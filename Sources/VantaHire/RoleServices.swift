import ArgumentParser
import Core
import Foundation
import Jobs
import Logging
import Scheduler
import ServiceLifecycle
import Worker

/// Builds the `worker` and `scheduler` services of a platform.
enum RoleServices {
    static func worker(platform: Platform, queue: JobQueue, registry: JobRegistry? = nil) throws -> JobWorker {
        let settings = platform.configuration.worker
        let url = platform.configuration.databaseURL
        let logger = platform.logger
        return JobWorker(
            queue: queue,
            registry: try registry ?? .vantaHire(platform: platform, queue: queue),
            options: WorkerOptions(
                concurrency: settings.concurrency, queues: settings.queues, leaseDuration: settings.leaseDuration,
                shutdownTimeout: settings.shutdownTimeout,
                // An engine query that is not answered within a lease is of no use (a heartbeat
                // later than the lease renews nothing); a dead connection must not stall a loop longer.
                queryTimeout: min(.seconds(30), settings.leaseDuration)
            ),
            listenConnection: { try await url.connect(applicationName: "vantahire-listen", logger: logger) },
            logger: logger
        )
    }

    static func scheduler(platform: Platform, queue: JobQueue) throws -> SchedulerService {
        let settings = platform.configuration.scheduler
        let zone = TimeZone(identifier: settings.timeZone) ?? TimeZone(identifier: "UTC")!
        let schedules: [Schedule]
        do {
            schedules = try Schedule.defaults(overrides: settings.overrides, timeZone: zone)
        } catch {
            FileHandle.standardError.write(Data("vantahire: configuration error: \(error)\n".utf8))
            throw ExitCode(78)
        }
        return SchedulerService(queue: queue, schedules: schedules, logger: platform.logger)
    }
}
