import Foundation

/// Settings of the `scheduler` role: per-schedule overrides.
///
/// Each default schedule can be replaced with `SCHEDULE_<NAME>=<cron expression>` or disabled with
/// `SCHEDULE_<NAME>=off`, where `<NAME>` is the job kind in upper case (e.g. `SCHEDULE_PRUNE_JOBS`).
/// `SCHEDULER_TIME_ZONE` sets the zone cron expressions are read in (default UTC).
public struct SchedulerSettings: Sendable {
    /// Cron text per schedule name (job kind); `"off"` disables the schedule.
    public var overrides: [String: String]
    /// `SCHEDULER_TIME_ZONE` (default `UTC`).
    public var timeZone: String

    /// The schedule names that can be overridden.
    public static let knownSchedules = ["expire_interviews", "reset_api_quotas", "purge_recordings", "prune_jobs"]

    /// Reads the scheduler variables.
    public init(environment env: Environment) throws(ConfigurationError) {
        var overrides: [String: String] = [:]
        for name in Self.knownSchedules {
            if let value = env["SCHEDULE_\(name.uppercased())"] { overrides[name] = value }
        }
        self.overrides = overrides
        let zone = env["SCHEDULER_TIME_ZONE"] ?? "UTC"
        guard TimeZone(identifier: zone) != nil else {
            throw ConfigurationError("SCHEDULER_TIME_ZONE", "is not a known time zone identifier, got '\(zone)'")
        }
        self.timeZone = zone
    }
}
