/// How log lines are written to standard error (`LOG_FORMAT`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's text lines: `timestamp level label: key=value [module] message` (the default).
    case text
    /// One JSON object per line (``JSONLogHandler``), for log platforms such as Railway's.
    case json
}
