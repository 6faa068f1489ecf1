/// Which browser origins may use the server, and whether the server writes CORS headers itself.
///
/// Requests without an `Origin` header (non-browser clients) are always allowed.
public struct RealtimeOriginPolicy: Sendable, Equatable {
    /// Exact origins allowed, e.g. `http://localhost:5173` (scheme, host and port; no path).
    public var allowedOrigins: Set<String>
    /// Refuse requests and WebSocket upgrades whose `Origin` is not allowed (HTTP 403,
    /// Engine.IO error 4). This protects cookie-authenticated WebSockets, which browsers open
    /// cross-origin without any CORS check.
    public var rejectsOtherOrigins: Bool
    /// Add `Access-Control-Allow-Origin: <origin>`, `Access-Control-Allow-Credentials: true` and
    /// `Vary: Origin` to polling responses for allowed origins, and answer `OPTIONS` preflights.
    /// Turn off when the application's CORS middleware already does this.
    public var writesCORSHeaders: Bool

    /// A policy allowing `allowedOrigins`.
    public init(allowedOrigins: Set<String>, rejectsOtherOrigins: Bool = true, writesCORSHeaders: Bool = true) {
        self.allowedOrigins = allowedOrigins
        self.rejectsOtherOrigins = rejectsOtherOrigins
        self.writesCORSHeaders = writesCORSHeaders
    }

    /// Whether a request carrying `origin` (or none) to `host` may proceed: allowed origins, and
    /// same-origin requests (the origin's authority is the request's own `Host`).
    func permits(origin: String?, host: String? = nil) -> Bool {
        guard let origin, rejectsOtherOrigins else { return true }
        if allowedOrigins.contains(origin) { return true }
        guard let host else { return false }
        for scheme in ["http://", "https://"] where origin.lowercased().hasPrefix(scheme) {
            return origin.dropFirst(scheme.count).lowercased() == host.lowercased()
        }
        return false
    }
}
