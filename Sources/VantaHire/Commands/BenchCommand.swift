import ArgumentParser
import Core
import Foundation
import Logging
import PostgresNIO
import Jobs
import QueueBench
import Worker

/// `vantahire bench queue`: measures the job engine on DATABASE_URL (a disposable database).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (print numbers; run against a disposable database).",
        subcommands: [Queue.self, ChaosWorker.self, ChaosEnqueue.self]
    )

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue",
            abstract: "Measure the job engine: bulk enqueue, burn-down, pickup latency, steady state, burn-down with history.",
            discussion: "Empties background_jobs in DATABASE_URL before each phase. Prints a table, then one JSON line per phase."
        )

        @Option(help: "Comma-separated phases: bulk, burndown, pickup, steady, history.")
        var phases = "bulk,burndown,pickup,steady,history"
        @Option(help: "Jobs for bulk enqueue and burn-down.") var jobs = 100_000
        @Option(help: "Pickup latency samples.") var samples = 500
        @Option(help: "Steady-state seconds.") var seconds = 10
        @Option(help: "Finished rows retained for the history phase.") var history = 1_000_000
        @Option(help: "Worker instances in this process.") var workers = 2
        @Option(help: "Concurrency per worker.") var concurrency = 250
        @Option(help: "Steady state: most jobs enqueued but not yet started.") var maxBacklog = 800

        func validate() throws {
            let known: Set = ["bulk", "burndown", "pickup", "steady", "history"]
            for phase in phases.split(separator: ",") where !known.contains(String(phase)) {
                throw ValidationError("unknown phase '\(phase)'; known: \(known.sorted().joined(separator: ", "))")
            }
            guard jobs > 0, samples > 0, seconds > 0, workers > 0, concurrency > 0, history >= 0 else {
                throw ValidationError("counts must be positive")
            }
        }

        func run() async throws {
            let configuration = try Bootstrap.configuration()
            _ = Observability.bootstrap(logLevel: .error)
            var logger = Logger(label: "vantahire.bench")
            logger.logLevel = .error
            _ = try await Bootstrap.migrate(configuration: configuration, logger: logger)
            let client = PostgresClient(url: configuration.databaseURL, poolSize: 40, applicationName: "vantahire-bench", logger: logger)
            var options = QueueBenchmark.Options()
            options.jobs = jobs
            options.pickupSamples = samples
            options.steadySeconds = seconds
            options.historyRows = history
            options.workers = workers
            options.concurrency = concurrency
            options.maxBacklog = maxBacklog
            let benchmark = QueueBenchmark(client: client, url: configuration.databaseURL, options: options, logger: logger)
            let selected = phases.split(separator: ",").map(String.init)
            let results = try await client.whileRunning {
                    var results: [BenchResult] = []
                    for phase in selected {
                        FileHandle.standardError.write(Data("bench: \(phase)…\n".utf8))
                        switch phase {
                        case "bulk": results.append(try await benchmark.bulk())
                        case "burndown": results.append(try await benchmark.burndown())
                        case "pickup": results.append(try await benchmark.pickup())
                        case "steady": results.append(try await benchmark.steady())
                        default: results.append(try await benchmark.burndownWithHistory())
                        }
                    }
                    return results
            }
            func number(_ value: Double?, _ digits: Int = 1) -> String {
                value.map { String(format: "%.\(digits)f", $0) } ?? "-"
            }
            print("phase             jobs      seconds   jobs/s      p50 ms  p95 ms  p99 ms")
            for r in results {
                print(
                    r.phase.padding(toLength: 18, withPad: " ", startingAt: 0)
                        + String(r.jobs).padding(toLength: 10, withPad: " ", startingAt: 0)
                        + number(r.seconds, 2).padding(toLength: 10, withPad: " ", startingAt: 0)
                        + number(r.jobsPerSecond, 0).padding(toLength: 12, withPad: " ", startingAt: 0)
                        + number(r.p50Ms, 2).padding(toLength: 8, withPad: " ", startingAt: 0)
                        + number(r.p95Ms, 2).padding(toLength: 8, withPad: " ", startingAt: 0)
                        + number(r.p99Ms, 2)
                )
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for r in results {
                struct Line: Encodable { let system: String; let result: BenchResult }
                print(String(decoding: try encoder.encode(Line(system: "vantahire", result: r)), as: UTF8.self))
            }
        }
    }

    /// A worker role that also runs the chaos and benchmark kinds (for the chaos suite).
    struct ChaosWorker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chaos-worker",
            abstract: "Run a worker that also handles chaos_effect and bench_noop jobs (chaos suite only)."
        )

        func run() async throws {
            let platform = try Bootstrap.platform(role: "chaos-worker")
            let queue = JobQueue(client: platform.postgres.client, logger: platform.logger)
            var registry = try JobRegistry.vantaHire(platform: platform, queue: queue)
            ChaosEffect.register(in: &registry, database: platform.postgres)
            registry.register(BenchNoop.self) { _, _ in }
            let worker = try RoleServices.worker(platform: platform, queue: queue, registry: registry)
            try await RoleRunner.run([platform.postgres, worker], platform: platform)
        }
    }

    /// Prepares the side-effect table and enqueues chaos jobs.
    struct ChaosEnqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chaos-enqueue",
            abstract: "Create chaos_effects and enqueue N chaos_effect (or expire_interviews) jobs (chaos suite only)."
        )

        @Option(help: "Jobs to enqueue.") var jobs = 20_000
        @Option(help: "Kind: chaos_effect, or expire_interviews (a real handler's transaction).") var kind = ChaosEffect.kind

        func run() async throws {
            let configuration = try Bootstrap.configuration()
            _ = Observability.bootstrap(logLevel: .error)
            var logger = Logger(label: "vantahire.chaos")
            logger.logLevel = .error
            _ = try await Bootstrap.migrate(configuration: configuration, logger: logger)
            let client = PostgresClient(url: configuration.databaseURL, poolSize: 4, logger: logger)
            let count = jobs
            let kind = kind
            guard kind == ChaosEffect.kind || kind == ExpireInterviews.kind else {
                throw ValidationError("--kind must be \(ChaosEffect.kind) or \(ExpireInterviews.kind)")
            }
            try await client.whileRunning { [logger] in
                try await ChaosEffect.prepare(client: client, logger: logger)
                let queue = JobQueue(client: client, logger: logger)
                var start = 0
                while start < count {
                    let end = min(start + 5_000, count)
                    let batch = try (start..<end).map {
                        kind == ChaosEffect.kind ? try NewJob(ChaosEffect(n: $0)) : try NewJob(ExpireInterviews())
                    }
                    try await queue.enqueue(batch: batch)
                    start = end
                }
            }
            print("Enqueued \(count) \(kind) jobs.")
        }
    }
}
