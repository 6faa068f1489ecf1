import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Authorization checks shared by the routes.
///
/// Failures follow one rule: no usable credential → 401; authenticated but not allowed → 403;
/// a resource that exists but is not the caller's → 404 (another tenant's ids are never confirmed).
enum Access {
    /// The signed-in user or API-key owner, when their role is in `roles`. API keys are accepted
    /// only when the route has a `scope` and the key carries it.
    static func user(_ context: APIRequestContext, roles: Set<UserRole>, scope: String? = nil) throws -> (id: UUID, role: UserRole) {
        guard let caller = context.caller else {
            throw APIError(.unauthorized, code: .unauthorized, message: "Authentication required")
        }
        switch caller.credential {
        case .interview:
            throw APIError(.forbidden, code: .forbidden, message: "An interview token only gives access to its own interview")
        case .apiKey(_, let scopes):
            guard let scope else {
                throw APIError(.forbidden, code: .forbidden, message: "API keys cannot be used for this route; sign in instead")
            }
            guard scopes.contains(scope) else {
                throw APIError(.forbidden, code: .insufficientScope, message: "The API key lacks the scope \(scope)")
            }
        case .session:
            break
        }
        guard let userId = caller.userId, let role = caller.role else {
            throw APIError(.unauthorized, code: .unauthorized, message: "Authentication required")
        }
        guard roles.contains(role) else {
            let names = roles.map { $0.rawValue.lowercased() }.sorted().joined(separator: " or ")
            throw APIError(.forbidden, code: .forbidden, message: "This route requires the role \(names)")
        }
        return (userId, role)
    }

    /// Any signed-in user (session only).
    static func signedIn(_ context: APIRequestContext) throws -> (id: UUID, role: UserRole) {
        try user(context, roles: Set(UserRole.allCases))
    }

    /// An admin's session.
    static func admin(_ context: APIRequestContext) throws -> UUID {
        try user(context, roles: [.admin]).id
    }

    /// Recruiters and admins, or API keys with `scope`.
    static func recruiter(_ context: APIRequestContext, scope: String? = nil) throws -> (id: UUID, role: UserRole) {
        try user(context, roles: [.recruiter, .admin], scope: scope)
    }

    /// Whether `user` may act on something owned by `ownerId` (its owner, or an admin's session).
    static func owns(_ user: (id: UUID, role: UserRole), _ ownerId: UUID, context: APIRequestContext) -> Bool {
        user.id == ownerId || (user.role == .admin && context.caller?.isAPIKey == false)
    }

    /// Who may reach interview `id`: its candidate (interview token) or a recruiter/admin with `scope`.
    enum InterviewAccess {
        /// The candidate holding the interview's token.
        case candidate
        /// A recruiter or admin (ownership still to be checked).
        case staff(id: UUID, role: UserRole)
    }

    /// The caller's kind of access to interview `id`.
    static func interview(_ context: APIRequestContext, id: UUID, scope: String) throws -> InterviewAccess {
        if case .interview(let allowed)? = context.caller?.credential {
            guard allowed == id else { throw APIError.notFound("Interview not found") }
            return .candidate
        }
        let user = try recruiter(context, scope: scope)
        return .staff(id: user.id, role: user.role)
    }
}
