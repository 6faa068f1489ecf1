/// The Prometheus names of metrics recorded by libraries, so `/metrics` follows one convention:
/// a `vantahire_` prefix, `_total` on counters and `_seconds` on durations.
///
/// The platform's own metrics are named this way where they are created; this maps the names
/// Hummingbird's `MetricsMiddleware` records under (applied by ``Observability/bootstrap(logLevel:format:)``).
public enum MetricNames {
    /// Library metric name → the name exported.
    public static let renamed: [String: String] = [
        "hb.requests": "vantahire_http_requests_total",
        "hb.request.errors": "vantahire_http_request_errors_total",
        "http.server.request.duration": "vantahire_http_request_duration_seconds",
        "http.server.active_requests": "vantahire_http_active_requests",
    ]

    /// The exported name of a metric recorded as `label` (unchanged unless it is in ``renamed``).
    public static func exported(_ label: String) -> String {
        renamed[label] ?? label
    }
}
