import Metrics
import Synchronization

/// The metrics of one job kind, created once per worker.
final class KindMetrics: Sendable {
    let kind: String
    let started: Counter
    let queueLatency: Metrics.Timer
    let runTime: Metrics.Timer
    let outcomes: Mutex<[JobOutcome: Counter]>

    init(kind: String) {
        self.kind = kind
        started = Counter(label: "vantahire_jobs_started_total", dimensions: [("kind", kind)])
        queueLatency = Metrics.Timer(label: "vantahire_job_queue_latency_seconds", dimensions: [("kind", kind)], preferredDisplayUnit: .seconds)
        runTime = Metrics.Timer(label: "vantahire_job_run_duration_seconds", dimensions: [("kind", kind)], preferredDisplayUnit: .seconds)
        outcomes = Mutex([:])
    }

    /// The counter of attempts of this kind that ended with `outcome`.
    func finished(_ outcome: JobOutcome) -> Counter {
        outcomes.withLock { counters in
            if let counter = counters[outcome] { return counter }
            let counter = Counter(label: "vantahire_jobs_finished_total", dimensions: [("kind", kind), ("outcome", outcome.rawValue)])
            counters[outcome] = counter
            return counter
        }
    }
}
