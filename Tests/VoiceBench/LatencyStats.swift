/// Percentiles of a set of latencies in milliseconds.
struct LatencyStats {
    var samples: [Double]

    /// The `p`-th percentile (nearest rank), `nan` without samples.
    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var p50: Double { percentile(50) }
    var p99: Double { percentile(99) }
}
