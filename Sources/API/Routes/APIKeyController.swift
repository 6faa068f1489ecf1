import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `/api-keys`: recruiters create, list and revoke keys for their integrations.
struct APIKeyController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.post("/api-keys", use: create)
        router.get("/api-keys", use: list)
        router.delete("/api-keys/:id", use: revoke)
    }

    struct CreateBody: Decodable, Validatable {
        var name: String
        var scopes: [String]
        var expiresAt: Date?
        var rateLimit: Int?

        func validate(_ v: inout Validator) {
            v.length(name, "name", 1...100)
            v.check(!scopes.isEmpty, "scopes", "must name at least one scope")
            let unknown = scopes.filter { !APIKey.knownScopes.contains($0) }
            v.check(unknown.isEmpty, "scopes", "unknown scope(s) \(unknown.joined(separator: ", ")); known: \(APIKey.knownScopes.sorted().joined(separator: ", "))")
            if let expiresAt { v.check(expiresAt > Date(), "expiresAt", "must be in the future") }
            v.range(rateLimit, "rateLimit", 1...1_000_000)
        }
    }

    struct Created: Encodable {
        var apiKey: APIKey
        /// The key itself, shown only in this response.
        var key: String
    }

    func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.user(context, roles: [.recruiter, .admin])
        let body = try await request.decodeJSON(as: CreateBody.self, limit: 16 << 10)
        let key = APIKeyFormat.generate()
        let record = try await APIKey.insert(
            userId: user.id, name: body.name, keyHash: SecureToken.sha256Hex(key), keyPrefix: APIKeyFormat.displayPrefix(of: key),
            scopes: Array(Set(body.scopes)).sorted(), expiresAt: body.expiresAt, rateLimit: body.rateLimit ?? 1000,
            on: services.platform.postgres, logger: context.logger
        )
        return try JSONResponse.make(.created, Created(apiKey: record, key: key))
    }

    func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.user(context, roles: [.recruiter, .admin])
        return try JSONResponse.make(.ok, try await APIKey.list(userId: user.id, on: services.platform.postgres, logger: context.logger))
    }

    func revoke(_ request: Request, context: APIRequestContext) async throws -> Response {
        let user = try Access.user(context, roles: [.recruiter, .admin])
        let id = try request.uuidParameter("id", context: context, resource: "API key")
        guard let key = try await APIKey.revoke(id: id, userId: user.id, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("API key not found")
        }
        return try JSONResponse.make(.ok, key)
    }
}
