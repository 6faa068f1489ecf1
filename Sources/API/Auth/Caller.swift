public import Domain
public import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Who is making a request, and with which credential.
public struct Caller: Sendable, Equatable {
    /// The credential that authenticated the request.
    public enum Credential: Sendable, Equatable {
        /// A signed-in session (bearer token or cookie).
        case session(id: UUID)
        /// An API key with its scopes.
        case apiKey(id: UUID, scopes: Set<String>)
        /// A candidate's interview-scoped token: only that interview.
        case interview(id: UUID)
    }

    /// The credential.
    public var credential: Credential
    /// The user, for sessions and API keys; `nil` for interview tokens.
    public var userId: UUID?
    /// The user's role; `nil` for interview tokens.
    public var role: UserRole?

    /// Creates a caller.
    public init(credential: Credential, userId: UUID?, role: UserRole?) {
        self.credential = credential
        self.userId = userId
        self.role = role
    }

    /// Whether the caller is an admin (through a session).
    public var isAdmin: Bool { role == .admin && !isAPIKey }

    /// Whether a candidate's interview token authenticated the request.
    public var isInterviewToken: Bool {
        if case .interview = credential { return true }
        return false
    }

    /// Whether an API key authenticated the request.
    public var isAPIKey: Bool {
        if case .apiKey = credential { return true }
        return false
    }
}
