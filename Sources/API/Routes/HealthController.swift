import Core
import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import Prometheus

/// `GET /health`, `GET /ready` (the failing dependency named, its error only in the log) and
/// `GET /metrics` (see ``MetricsAccess``: `METRICS_TOKEN` as a bearer token).
public struct HealthController: Sendable {
    let platform: Platform
    /// How long a dependency check may take before it counts as failed.
    let checkTimeout: Duration

    /// Creates the controller.
    public init(platform: Platform, checkTimeout: Duration = .seconds(2)) {
        self.platform = platform
        self.checkTimeout = checkTimeout
    }

    /// Adds the routes to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/health") { _, _ in
            try JSONResponse.make(.ok, ["status": "ok"])
        }
        router.get("/ready") { _, context in
            try await ready(logger: context.logger)
        }
        router.get("/metrics") { request, _ in
            switch MetricsAccess.decide(authorization: request.headers[.authorization], configuration: platform.configuration) {
            case .allowed: break
            case .unauthorized:
                throw APIError(.unauthorized, code: .unauthorized, message: MetricsAccess.unauthorized.message, headers: [.wwwAuthenticate: "Bearer"])
            case .disabled:
                throw APIError(.forbidden, code: .metricsDisabled, message: MetricsAccess.disabled.message)
            }
            let text = platform.metrics.emitToBuffer()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: text))
            )
        }
    }

    private struct Readiness: Encodable {
        let status: String
        let checks: [String: String]
        let error: String?
        let code: String?
    }

    /// Checks PostgreSQL and Redis concurrently; 503 with the failing checks named.
    func ready(logger: Logger) async throws -> Response {
        async let postgres = check("postgres") {
            try await platform.postgres.query("SELECT 1", logger: logger)
        }
        async let redis = check("redis") {
            try await platform.redis.ping()
        }
        let results = await [postgres, redis]
        var checks: [String: String] = [:]
        var failures: [String] = []
        var details: [String] = []
        for (name, problem) in results {
            // Clients learn which dependency failed, never how (hosts, errors): that is logged.
            checks[name] = problem == nil ? "ok" : "unavailable"
            if let problem {
                failures.append(name)
                details.append("\(name): \(problem)")
            }
        }
        if failures.isEmpty {
            return try JSONResponse.make(.ok, Readiness(status: "ok", checks: checks, error: nil, code: nil))
        }
        logger.warning("not ready", metadata: ["failures": "\(details)"])
        return try JSONResponse.make(
            .serviceUnavailable,
            Readiness(status: "unavailable", checks: checks, error: "Unavailable: " + failures.joined(separator: ", "), code: "unavailable")
        )
    }

    private func check(_ name: String, _ body: @escaping @Sendable () async throws -> Void) async -> (String, String?) {
        let timeout = checkTimeout
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw CheckTimeout()
                }
                try await group.next()
                group.cancelAll()
            }
            return (name, nil)
        } catch is CheckTimeout {
            return (name, "no answer within \(timeout)")
        } catch {
            return (name, Self.describe(error))
        }
    }

    private struct CheckTimeout: Error {}

    private static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return "PostgreSQL error \(error.code)"
        }
        if let error = error as? RedisError {
            return "Redis error \(error.code)"
        }
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "failed"
    }
}
