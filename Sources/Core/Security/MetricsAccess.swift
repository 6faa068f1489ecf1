import Foundation

/// Who may read `/metrics` (the API's and the voice process's): the decision, independent of the
/// HTTP framework, so both servers answer alike.
///
/// With `METRICS_TOKEN` set, only `Authorization: Bearer <METRICS_TOKEN>` is allowed. Unset, the
/// endpoint is public outside production (a developer's machine, the tests) and refused in
/// production, so a deployment never publishes its metrics by omission.
public enum MetricsAccess: Equatable, Sendable {
    /// Serve the metrics.
    case allowed
    /// 401: the token is missing or wrong.
    case unauthorized
    /// 403: production without `METRICS_TOKEN`.
    case disabled

    /// The decision for a request carrying `authorization` (its `Authorization` header).
    public static func decide(authorization: String?, configuration: AppConfiguration) -> MetricsAccess {
        guard let token = configuration.metricsToken else {
            return configuration.runtime == .production ? .disabled : .allowed
        }
        guard let authorization else { return .unauthorized }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .unauthorized }
        let given = parts[1].trimmingCharacters(in: .whitespaces)
        return ConstantTime.equal(Array(given.utf8), Array(token.utf8)) ? .allowed : .unauthorized
    }

    /// The client-facing message of a refusal.
    public var message: String {
        switch self {
        case .allowed: "allowed"
        case .unauthorized: "Send Authorization: Bearer <METRICS_TOKEN> to read the metrics"
        case .disabled: "Metrics are disabled: set METRICS_TOKEN to expose them"
        }
    }
}
