import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// The session cookie set at sign-in/sign-up, so credentialed cross-origin connections (the
/// realtime socket) are authenticated: `HttpOnly; Secure; SameSite=None`.
enum SessionCookie {
    /// Cookie name.
    static let name = "vh_session"

    /// A cookie carrying `token` for `lifetime`.
    static func set(_ token: String, lifetime: Duration) -> String {
        "\(name)=\(token); Path=/; Max-Age=\(lifetime.components.seconds); HttpOnly; Secure; SameSite=None"
    }

    /// A cookie that removes the session cookie.
    static var clear: String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=None"
    }

    /// The session token in `request`'s cookies.
    static func token(in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    let value = parts[1].trimmingCharacters(in: .whitespaces)
                    return value.isEmpty ? nil : value
                }
            }
        }
        return nil
    }
}
