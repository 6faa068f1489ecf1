import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// The claims of a session token (HS256 JWT). The token is also stored, hashed, as a session
/// row, so revoking the row ends it at once.
struct SessionClaims: Codable, Sendable {
    /// Always `session`.
    var typ: String
    /// The user id.
    var sub: UUID
    /// The session id.
    var sid: UUID
    /// Issued at (seconds since 1970).
    var iat: Int
    /// Expiry (seconds since 1970).
    var exp: Int
}
