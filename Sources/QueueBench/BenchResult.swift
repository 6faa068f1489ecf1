/// One measured phase.
public struct BenchResult: Sendable, Codable {
    /// `burndown`, `pickup`, `bulk`, `steady`, `burndown_history`.
    public var phase: String
    /// Jobs measured.
    public var jobs: Int
    /// Wall time of the phase.
    public var seconds: Double
    /// Throughput (jobs completed, or enqueued for `bulk`, per second).
    public var jobsPerSecond: Double?
    /// Latency percentiles in milliseconds.
    public var p50Ms: Double?
    /// 95th percentile.
    public var p95Ms: Double?
    /// 99th percentile.
    public var p99Ms: Double?
    /// Settings of the phase (workers, concurrency, batch sizes).
    public var settings: [String: String]

    /// Creates a result.
    public init(phase: String, jobs: Int, seconds: Double, jobsPerSecond: Double? = nil, latencies: [Double]? = nil, settings: [String: String]) {
        self.phase = phase
        self.jobs = jobs
        self.seconds = seconds
        self.jobsPerSecond = jobsPerSecond
        if let latencies, !latencies.isEmpty {
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
            p50Ms = percentile(0.50)
            p95Ms = percentile(0.95)
            p99Ms = percentile(0.99)
        }
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey {
        case phase, jobs, seconds, settings
        case jobsPerSecond = "jobs_per_second"
        case p50Ms = "p50_ms"
        case p95Ms = "p95_ms"
        case p99Ms = "p99_ms"
    }
}
