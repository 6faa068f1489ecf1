/// Exponential backoff with jitter: `base × 2^(attempt−1)`, capped, then ± `jitter`.
public struct RetryPolicy: Sendable, Equatable {
    /// Delay after the first failure.
    public var base: Duration
    /// Longest delay.
    public var cap: Duration
    /// Fraction of the delay added or removed at random (0.1 = ±10 %).
    public var jitter: Double

    /// Creates a policy (defaults: 1 s base, 6 h cap, ±10 % jitter).
    public init(base: Duration = .seconds(1), cap: Duration = .seconds(6 * 3600), jitter: Double = 0.1) {
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// The delay before the attempt after failed attempt number `attempt` (1-based), without jitter.
    public func nominalDelay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let seconds = base.seconds * Double(UInt64(1) << UInt64(exponent))
        return .milliseconds(Int64(min(seconds, cap.seconds) * 1000))
    }

    /// The delay with jitter applied.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let nominal = nominalDelay(afterAttempt: attempt).seconds
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter)) : 1
        return .milliseconds(Int64(nominal * factor * 1000))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
