import ArgumentParser
import Core
import Jobs

/// `vantahire worker`: runs durable jobs (the Procfile's `worker` role; scale horizontally).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run background jobs from WORKER_QUEUES with WORKER_CONCURRENCY (the Procfile's `worker` role)."
    )

    func run() async throws {
        let platform = try Bootstrap.platform(role: "worker")
        let queue = JobQueue(client: platform.postgres.client, logger: platform.logger)
        try await RoleRunner.run([platform.postgres, RoleServices.worker(platform: platform, queue: queue)], platform: platform)
    }
}
