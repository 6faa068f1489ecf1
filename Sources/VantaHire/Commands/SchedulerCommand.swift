import ArgumentParser
import Core
import Jobs
import Scheduler

/// `vantahire scheduler`: enqueues periodic jobs exactly once per tick (any number of replicas).
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Enqueue periodic jobs once per cron tick (the Procfile's `scheduler` role; replicas are safe)."
    )

    func run() async throws {
        let platform = try Bootstrap.platform(role: "scheduler")
        let queue = JobQueue(client: platform.postgres.client, logger: platform.logger)
        let scheduler = try RoleServices.scheduler(platform: platform, queue: queue)
        try await RoleRunner.run([platform.postgres, scheduler], platform: platform)
    }
}
