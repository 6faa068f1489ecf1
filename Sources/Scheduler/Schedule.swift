public import Foundation
public import Jobs

/// A periodic job: a cron expression and the job it enqueues on each tick.
public struct Schedule: Sendable {
    /// What to do with ticks missed while no scheduler was running (ticks older than the
    /// scheduler's misfire grace, 60 s by default; younger ones are late, not missed, and always run).
    public enum CatchUp: String, Sendable, Codable {
        /// Enqueue only the most recent missed tick, unless an on-time tick supersedes it (default).
        case latest
        /// Enqueue every missed tick (bounded).
        case all
        /// Enqueue none of them; wait for the next tick.
        case none
    }

    /// Unique name, the ledger key (the job kind for the default schedules).
    public var name: String
    /// When it fires.
    public var cron: CronExpression
    /// The job enqueued per tick.
    public var job: NewJob
    /// Missed-tick policy.
    public var catchUp: CatchUp

    /// Creates a schedule.
    public init(name: String, cron: CronExpression, job: NewJob, catchUp: CatchUp = .latest) {
        self.name = name
        self.cron = cron
        self.job = job
        self.catchUp = catchUp
    }

    /// The default schedules, with `SCHEDULE_<KIND>` overrides (`off` disables one).
    /// Throws a message naming the variable when an override is not a valid cron expression.
    public static func defaults(overrides: [String: String], timeZone: TimeZone) throws -> [Schedule] {
        let table: [(String, String, NewJob)] = [
            (ExpireInterviews.kind, "0 0 * * *", try NewJob(ExpireInterviews())),
            (ResetAPIQuotas.kind, "0 0 * * *", try NewJob(ResetAPIQuotas())),
            (PurgeRecordings.kind, "0 3 * * *", try NewJob(PurgeRecordings())),
            (SweepRecordingUploads.kind, "30 * * * *", try NewJob(SweepRecordingUploads())),
            (PruneJobs.kind, "0 * * * *", try NewJob(PruneJobs())),
        ]
        var schedules: [Schedule] = []
        for (name, standard, job) in table {
            let text = overrides[name] ?? standard
            if text.lowercased() == "off" { continue }
            do {
                schedules.append(Schedule(name: name, cron: try CronExpression(text, timeZone: timeZone), job: job))
            } catch {
                throw ScheduleError("SCHEDULE_\(name.uppercased()): \(error)")
            }
        }
        return schedules
    }
}

/// An invalid schedule definition.
public struct ScheduleError: Error, CustomStringConvertible {
    /// One line naming the variable and the problem.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
