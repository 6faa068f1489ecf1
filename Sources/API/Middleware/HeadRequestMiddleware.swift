import HTTPTypes
public import Hummingbird

/// Drops the body of every answer to `HEAD` (RFC 9110 §9.3.2), errors included, keeping the
/// status and headers — `Content-Length` too. The router answers `HEAD` on every `GET` route
/// (`RouterOptions.autoGenerateHeadEndpoints`, see ``buildRouter(services:)``); this covers the
/// answers that do not come from a route (404, errors of the middleware before it).
public struct HeadRequestMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Answers `HEAD` without a body.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        return request.method == .head ? response.createHeadResponse() : response
    }
}
