import Foundation

/// Maps a WebSocket base URL to its HTTP twin (`wss` → `https`, `ws` → `http`).
enum HTTPURL {
    /// `url` with an HTTP scheme.
    static func from(_ url: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        switch components.scheme?.lowercased() {
        case "wss": components.scheme = "https"
        case "ws": components.scheme = "http"
        default: break
        }
        return components.url ?? url
    }
}
