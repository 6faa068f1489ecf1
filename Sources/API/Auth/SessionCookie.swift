import Core
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// The session cookie set at sign-in/sign-up, so credentialed cross-origin requests (`fetch`
/// with `credentials: 'include'`, the realtime socket with `withCredentials: true`) are
/// authenticated.
///
/// Its attributes are those a browser stores and sends in the deployment at hand:
/// `HttpOnly; Secure; SameSite=None` when the web app is served over https from another host than
/// the API (a cross-site cookie must be `SameSite=None`, which requires `Secure`);
/// `HttpOnly; Secure; SameSite=Lax` over https on the API's own host; `HttpOnly; SameSite=Lax`
/// over plain http (local development, where browsers refuse `SameSite=None` without `Secure`
/// and `localhost` ports are one site).
enum SessionCookie {
    /// Cookie name.
    static let name = "vh_session"

    /// The attributes after the value, for `configuration`'s `FRONTEND_URL` and `API_URL`.
    static func attributes(configuration: AppConfiguration) -> String {
        let frontend = URLComponents(string: configuration.frontendURL)
        let api = URLComponents(string: configuration.api.publicURL)
        let secure = frontend?.scheme == "https" || api?.scheme == "https"
        guard secure else { return "Path=/; HttpOnly; SameSite=Lax" }
        let sameHost = frontend?.host?.lowercased() == api?.host?.lowercased()
        return "Path=/; HttpOnly; Secure; SameSite=\(sameHost ? "Lax" : "None")"
    }

    /// A cookie carrying `token` for `lifetime`.
    static func set(_ token: String, lifetime: Duration, configuration: AppConfiguration) -> String {
        "\(name)=\(token); Max-Age=\(lifetime.components.seconds); \(attributes(configuration: configuration))"
    }

    /// A cookie that removes the session cookie.
    static func clear(configuration: AppConfiguration) -> String {
        "\(name)=; Max-Age=0; \(attributes(configuration: configuration))"
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
