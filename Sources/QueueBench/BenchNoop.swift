public import Jobs

/// The benchmark's job kind: does nothing but report when it started.
public struct BenchNoop: JobArguments, Equatable {
    /// `bench_noop`.
    public static let kind = "bench_noop"
    /// Wall-clock enqueue time in nanoseconds since 1970 (steady-state latency), or 0.
    public var t: Int64
    /// Creates the arguments.
    public init(t: Int64 = 0) { self.t = t }
}
