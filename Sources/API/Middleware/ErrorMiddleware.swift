import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Turns every error into the JSON error shape and returns it as a response (so the outer
/// middleware — request ids, CORS, metrics — still applies): framework errors keep their status
/// with a generic message; database constraint violations a validation let through become
/// 400/409; anything unexpected becomes a logged, opaque 500 (internals never leak).
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Maps errors thrown by the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.apiError(for: error, logger: context.logger).response(from: request, context: context)
        }
    }

    /// The client-facing error for `error`.
    static func apiError(for error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError:
            let code: APIError.Code
            switch error.status {
            case .notFound: code = .notFound
            case .methodNotAllowed: code = .methodNotAllowed
            case .contentTooLarge: code = .payloadTooLarge
            case .unauthorized: code = .unauthorized
            case .forbidden: code = .forbidden
            default: code = error.status.code < 500 ? .badRequest : .internalError
            }
            let message = error.body ?? error.status.reasonPhrase
            return APIError(error.status, code: code, message: message, headers: error.headers)
        case let error as PSQLError where error.serverInfo?[.sqlState] != nil:
            let state = error.serverInfo?[.sqlState] ?? ""
            logger.warning("constraint violation reached the client", metadata: ["sqlstate": "\(state)", "constraint": "\(error.serverInfo?[.constraintName] ?? "")"])
            switch state {
            case "23505": return APIError(.conflict, code: .conflict, message: "This conflicts with an existing record")
            case "23503": return APIError(.conflict, code: .conflict, message: "A referenced record does not exist or is still in use")
            case "23514", "22001", "22P02", "22007", "22008", "22003", "22021", "22P05", "22015", "22023":
                // Data exceptions caused by a client's value that reached SQL (a check constraint, too
                // long, malformed, out of range, NUL or an untranslatable character): the client's fault.
                return APIError(.badRequest, code: .validationFailed, message: "A value is out of range or malformed")
            default:
                logger.error("database error", metadata: ["sqlstate": "\(state)", "error": "\(String(reflecting: error))"])
                return APIError(.internalServerError, code: .internalError, message: "Internal server error")
            }
        case let error as any HTTPResponseError:
            return APIError(error.status, code: error.status.code < 500 ? .badRequest : .internalError, message: error.status.reasonPhrase)
        default:
            logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, code: .internalError, message: "Internal server error")
        }
    }
}
