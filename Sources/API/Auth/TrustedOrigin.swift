import Core
import Foundation
import HTTPTypes
import Hummingbird

/// The browser origins allowed to make changes that a cookie authenticates or that set the
/// session cookie: the web app (`FRONTEND_URL`) and the API itself (`API_URL`).
enum TrustedOrigin {
    /// Whether `origin` (an `Origin` header value) is the web app's or the API's own.
    static func contains(_ origin: String, configuration: AppConfiguration) -> Bool {
        origin == configuration.frontendURL || origin == configuration.api.publicURL
    }

    /// Refuses (403) a request whose `Origin` is present and foreign. Routes that set the session
    /// cookie call it, so a page elsewhere cannot sign a visitor's browser into an account (login
    /// CSRF); clients without an `Origin` (servers, scripts) are not browsers and pass.
    static func require(_ request: Request, configuration: AppConfiguration) throws {
        guard let origin = request.headers[.origin], !contains(origin, configuration: configuration) else { return }
        throw APIError(.forbidden, code: .forbidden, message: "Sign-in and sign-up from a browser must come from the web app's origin")
    }
}
