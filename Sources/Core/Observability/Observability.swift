public import Logging
import Metrics
import NIOConcurrencyHelpers
public import Prometheus

/// Process-wide logging and metrics set-up.
///
/// swift-log and swift-metrics accept one bootstrap per process; ``bootstrap(logLevel:)`` may be
/// called any number of times (tests do) and configures them once.
public enum Observability {
    private static let state = NIOLockedValueBox<PrometheusCollectorRegistry?>(nil)

    /// Configures logging at `logLevel` on standard error (text lines, or JSON lines with
    /// ``LogFormat/json``) and metrics into a Prometheus registry, and returns that registry (the
    /// source of `GET /metrics`).
    @discardableResult
    public static func bootstrap(logLevel: Logger.Level, format: LogFormat = .text) -> PrometheusCollectorRegistry {
        state.withLockedValue { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            LoggingSystem.bootstrap { label in
                switch format {
                case .text:
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = logLevel
                    return handler
                case .json:
                    var handler = JSONLogHandler.standardError(label: label)
                    handler.logLevel = logLevel
                    return handler
                }
            }
            var factory = PrometheusMetricsFactory(registry: created)
            factory.nameAndLabelSanitizer = { name, labels in (MetricNames.exported(name), labels) }
            factory.defaultDurationHistogramBuckets = [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
            ]
            MetricsSystem.bootstrap(factory)
            registry = created
            return created
        }
    }

    /// A logger named `label` at `level`, independent of the global bootstrap's level.
    public static func logger(_ label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
