import ArgumentParser

/// The `vantahire` executable: one binary, one role per process.
@main
struct VantaHire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vantahire",
        abstract: "VantaHire platform: REST API, durable job workers, scheduler, operator tools.",
        discussion: """
            Settings come from the environment and an optional .env file in the working directory \
            (see .env.example). Each role drains gracefully on SIGTERM or SIGINT.
            """,
        subcommands: [
            MigrateCommand.self, APICommand.self, WorkerCommand.self, SchedulerCommand.self, DevCommand.self, JobsCommand.self, BenchCommand.self, VoiceCommand.self, ImportCommand.self, UsersCommand.self,
        ]
    )
}
