import ArgumentParser
import Core
import Foundation
import Jobs
import Logging
import PostgresNIO

/// `vantahire jobs …`: inspect and steer the background-job queue.
///
/// Exit codes: 0 success, 1 failure (e.g. database unreachable), 64 bad usage,
/// 3 job not found, 4 the job's state does not allow the operation.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Inspect and operate the background-job queue.",
        discussion: "Exit codes: 0 success, 1 failure, 3 job not found, 4 state does not allow it, 64 bad usage.",
        subcommands: [Stats.self, List.self, Show.self, Retry.self, Cancel.self, Enqueue.self]
    )

    struct Output: ParsableArguments {
        @Flag(name: .long, help: "Print JSON instead of a table.")
        var json = false
    }

    /// Runs `body` with a running queue client; maps engine errors to exit codes.
    static func withQueue<T: Sendable>(_ body: @escaping @Sendable (JobQueue) async throws -> T) async throws -> T {
        let configuration = try Bootstrap.configuration()
        _ = Observability.bootstrap(logLevel: .error)
        var logger = Logger(label: "vantahire.jobs")
        logger.logLevel = .error
        let client = PostgresClient(url: configuration.databaseURL, poolSize: 2, applicationName: "vantahire-jobs-cli", logger: logger)
        let queue = JobQueue(client: client, logger: logger)
        do {
            return try await client.whileRunning { try await body(queue) }
        } catch let error as JobQueueError {
            FileHandle.standardError.write(Data("vantahire jobs: \(error.message)\n".utf8))
            switch error.code {
            case .notFound: throw ExitCode(3)
            case .invalidState, .uniqueConflict: throw ExitCode(4)
            case .invalidOptions, .invalidArguments: throw ExitCode.validationFailure
            default: throw ExitCode.failure
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("vantahire jobs: \(String(reflecting: error))\n".utf8))
            throw ExitCode.failure
        }
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }

    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "-" }
        return ISO8601DateFormatter().string(from: date)
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count jobs per queue and state.")
        @OptionGroup var output: Output

        func run() async throws {
            let counts = try await JobsCommand.withQueue { try await $0.stats() }
            if output.json { return try JobsCommand.printJSON(counts) }
            print(JobsCommand.table(["QUEUE", "STATE", "COUNT"], counts.map { [$0.queue, $0.state.rawValue, String($0.count)] }))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs in a state, newest first.")
        @Option(name: .long, help: "available, scheduled, running, retryable, completed, discarded or cancelled.")
        var state: String
        @Option(name: .long, help: "Only jobs of this kind.")
        var kind: String?
        @Option(name: .long, help: "At most this many rows (1-1000).")
        var limit = 50
        @OptionGroup var output: Output

        func validate() throws {
            guard JobState(rawValue: state) != nil else {
                throw ValidationError("--state must be one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1 to 1000") }
        }

        func run() async throws {
            let state = JobState(rawValue: self.state)!
            let kind = self.kind, limit = self.limit
            let jobs = try await JobsCommand.withQueue { try await $0.list(state: state, kind: kind, limit: limit) }
            if output.json { return try JobsCommand.printJSON(jobs) }
            print(JobsCommand.table(
                ["ID", "KIND", "QUEUE", "STATE", "ATTEMPT", "RUN AT", "LAST ERROR"],
                jobs.map {
                    [String($0.id), $0.kind, $0.queue, $0.state.rawValue, "\($0.attempt)/\($0.maxAttempts)",
                     JobsCommand.timestamp($0.runAt), String(($0.errors.last?.error ?? "").prefix(60))]
                }
            ))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job with its errors.")
        @Argument(help: "Job id.") var id: Int64
        @OptionGroup var output: Output

        func run() async throws {
            let id = self.id
            guard let job = try await JobsCommand.withQueue({ try await $0.job(id: id) }) else {
                FileHandle.standardError.write(Data("vantahire jobs: no job with id \(id)\n".utf8))
                throw ExitCode(3)
            }
            if output.json { return try JobsCommand.printJSON(job) }
            let fields: [(String, String)] = [
                ("id", String(job.id)), ("kind", job.kind), ("queue", job.queue), ("state", job.state.rawValue),
                ("priority", String(job.priority)), ("attempt", "\(job.attempt)/\(job.maxAttempts)"),
                ("run at", JobsCommand.timestamp(job.runAt)), ("created at", JobsCommand.timestamp(job.createdAt)),
                ("attempted at", JobsCommand.timestamp(job.attemptedAt)), ("finalized at", JobsCommand.timestamp(job.finalizedAt)),
                ("attempted by", job.attemptedBy ?? "-"), ("unique key", job.uniqueKey ?? "-"),
                ("tags", job.tags.joined(separator: ", ")), ("args", job.args),
            ]
            for (name, value) in fields { print(name.padding(toLength: 13, withPad: " ", startingAt: 0) + value) }
            for error in job.errors { print("error        #\(error.attempt) \(error.at) \(error.worker ?? "-"): \(error.error)") }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a job that is not running again now.")
        @Argument(help: "Job id.") var id: Int64

        func run() async throws {
            let id = self.id
            try await JobsCommand.withQueue { try await $0.retry(id: id) }
            print("Job \(id) is available again.")
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a job (a running one is stopped cooperatively).")
        @Argument(help: "Job id.") var id: Int64

        func run() async throws {
            let id = self.id
            let outcome = try await JobsCommand.withQueue { try await $0.cancel(id: id) }
            switch outcome {
            case .cancelled: print("Job \(id) cancelled.")
            case .cancelRequested: print("Job \(id) is running; its worker was asked to stop it.")
            case .alreadyFinal:
                FileHandle.standardError.write(Data("vantahire jobs: job \(id) had already finished\n".utf8))
                throw ExitCode(4)
            }
        }
    }

    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enqueue a job of KIND with JSON arguments.")
        @Argument(help: "Job kind, e.g. prune_jobs.") var kind: String
        @Argument(help: "Arguments as a JSON object.") var json: String = "{}"
        @Option(name: .long, help: "Queue.") var queue = "default"
        @Option(name: .long, help: "Priority 1 (urgent) to 4.") var priority = 2
        @Option(name: .long, help: "Delay in seconds.") var delay: Int?
        @Option(name: .long, help: "Maximum attempts.") var maxAttempts = 20
        @Option(name: .long, help: "Unique key: at most one unfinished job holds it.") var uniqueKey: String?
        @OptionGroup var output: Output

        func run() async throws {
            let options = EnqueueOptions(
                queue: queue, priority: priority, delay: delay.map { .seconds($0) }, maxAttempts: maxAttempts, uniqueKey: uniqueKey
            )
            let job: NewJob
            do {
                job = try NewJob(kind: kind, jsonArgs: json, options: options)
            } catch let error as JobQueueError {
                throw ValidationError(error.message)
            }
            let result = try await JobsCommand.withQueue { try await $0.enqueue(batch: [job])[0] }
            if output.json {
                struct Result: Encodable { let id: Int64; let inserted: Bool }
                return try JobsCommand.printJSON(Result(id: result.id, inserted: result.inserted))
            }
            print(result.inserted ? "Enqueued job \(result.id)." : "An unfinished job with that unique key exists: \(result.id).")
        }
    }
}
