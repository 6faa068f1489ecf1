/// How an attempt ended, as counted by `vantahire_jobs_finished_total{outcome}`.
enum JobOutcome: String, Sendable, CaseIterable {
    /// The handler returned; the completion is written in the next batch.
    case succeeded
    /// The lease was no longer held: nothing was written.
    case leaseLost = "lease_lost"
    /// Stopped because its cancellation was requested.
    case cancelled
    /// Handed back to the queue at shutdown, without using an attempt.
    case released
    /// Rescheduled by the handler without using an attempt.
    case snoozed
    /// Failed for good: a permanent error, or attempts exhausted.
    case discarded
    /// Failed; another attempt is scheduled.
    case retried
}
