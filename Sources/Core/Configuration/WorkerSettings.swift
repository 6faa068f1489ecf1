import Foundation

/// Settings of the `worker` role.
public struct WorkerSettings: Sendable {
    /// `WORKER_CONCURRENCY`: jobs run at once per process (default 10).
    public var concurrency: Int
    /// `WORKER_QUEUES`: comma-separated queues this process serves (default `default`).
    public var queues: [String]
    /// `WORKER_SHUTDOWN_TIMEOUT`: seconds running jobs get to finish after SIGTERM (default 25).
    public var shutdownTimeout: Duration
    /// `JOB_LEASE_SECONDS`: how long a claim is valid without a heartbeat (default 30).
    public var leaseDuration: Duration
    /// `JOB_RETENTION_COMPLETED`: how long completed jobs are kept (default `24h`).
    public var completedRetention: Duration
    /// `JOB_RETENTION_DISCARDED`: how long discarded and cancelled jobs are kept (default `7d`).
    public var discardedRetention: Duration
    /// `INTERVIEW_GRACE_MINUTES`: how long past start + time limit an in-progress interview is
    /// considered abandoned (default 30).
    public var interviewGraceMinutes: Int

    /// Reads the worker variables.
    public init(environment env: Environment) throws(ConfigurationError) {
        concurrency = try AppConfiguration.integer(env, "WORKER_CONCURRENCY", default: 10, range: 1...1000)
        let queueList = (env["WORKER_QUEUES"] ?? "default").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        guard !queueList.isEmpty, queueList.allSatisfy({ $0.count <= 64 }) else {
            throw ConfigurationError("WORKER_QUEUES", "must be a comma-separated list of queue names")
        }
        queues = queueList
        shutdownTimeout = .seconds(try AppConfiguration.integer(env, "WORKER_SHUTDOWN_TIMEOUT", default: 25, range: 0...3600))
        leaseDuration = .seconds(try AppConfiguration.integer(env, "JOB_LEASE_SECONDS", default: 30, range: 2...86_400))
        completedRetention = try Self.duration(env, "JOB_RETENTION_COMPLETED", default: .seconds(86_400))
        discardedRetention = try Self.duration(env, "JOB_RETENTION_DISCARDED", default: .seconds(7 * 86_400))
        interviewGraceMinutes = try AppConfiguration.integer(env, "INTERVIEW_GRACE_MINUTES", default: 30, range: 0...10_080)
    }

    private static func duration(_ env: Environment, _ name: String, default value: Duration) throws(ConfigurationError) -> Duration {
        guard let text = env[name] else { return value }
        guard let parsed = DurationParser.parse(text) else {
            throw ConfigurationError(name, "must be seconds or a number with s, m, h, d or w, got '\(text)'")
        }
        return parsed
    }
}
