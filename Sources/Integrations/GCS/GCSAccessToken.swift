/// An OAuth 2.0 access token and when to stop using it.
struct GCSAccessToken: Sendable {
    /// The bearer token (`ya29.…`).
    let value: String
    /// When the token must be replaced: its expiry minus the configured refresh margin.
    let refreshAt: ContinuousClock.Instant
}
