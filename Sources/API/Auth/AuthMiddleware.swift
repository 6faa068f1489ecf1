import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Resolves the caller of every request (see ``Authenticator``) into the context, and adds the
/// API-key rate-limit headers to the response, errors included.
struct AuthMiddleware: RouterMiddleware {
    let authenticator: Authenticator

    /// Path prefixes whose routes check their own credentials.
    static let selfAuthenticated = ["/webhooks/", "/storage/local/", "/socket.io", "/metrics"]

    /// `/voice/interview/:id/ws`: the voice session checks its interview token itself (an
    /// invalid `?token=` or a stale cookie must reach it, to be refused with its own close code).
    static func isVoiceSocket(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 5 && parts[0].isEmpty && parts[1] == "voice" && parts[2] == "interview" && parts[4] == "ws"
    }

    func handle(_ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response) async throws -> Response {
        // Webhooks, signed storage URLs and /metrics (METRICS_TOKEN) carry their own credentials.
        if request.method == .options || Self.selfAuthenticated.contains(where: request.uri.path.hasPrefix)
            || Self.isVoiceSocket(request.uri.path) {
            return try await next(request, context)
        }
        let outcome = try await authenticator.authenticate(request, logger: context.logger)
        var context = context
        context.caller = outcome.caller
        if let userId = outcome.caller?.userId {
            context.logger[metadataKey: "user_id"] = .string(userId.uuidString.lowercased())
        }
        do {
            var response = try await next(request, context)
            for field in outcome.headers { response.headers[field.name] = field.value }
            return response
        } catch var error as APIError {
            for field in outcome.headers where error.headers[field.name] == nil { error.headers[field.name] = field.value }
            throw error
        }
    }
}
