public import Hummingbird
import Logging

/// Turns every error into the JSON error shape: framework errors keep their status with a
/// generic message, anything unexpected becomes a logged, opaque 500 (internals never leak).
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Maps errors thrown by the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            let code: String
            switch error.status {
            case .notFound: code = "not_found"
            case .methodNotAllowed: code = "method_not_allowed"
            case .contentTooLarge: code = "payload_too_large"
            case .unauthorized: code = "unauthorized"
            case .forbidden: code = "forbidden"
            default: code = error.status.code < 500 ? "bad_request" : "internal_error"
            }
            let message = error.body ?? error.status.reasonPhrase
            throw APIError(error.status, code: code, message: message, headers: error.headers)
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, code: error.status.code < 500 ? "bad_request" : "internal_error", message: error.status.reasonPhrase)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, code: "internal_error", message: "Internal server error")
        }
    }
}
