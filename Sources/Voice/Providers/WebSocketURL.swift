import Foundation

/// Maps an HTTP base URL to its WebSocket twin (`https` → `wss`, `http` → `ws`).
enum WebSocketURL {
    /// `url` with a WebSocket scheme.
    static func from(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.absoluteString }
        switch components.scheme?.lowercased() {
        case "https": components.scheme = "wss"
        case "http": components.scheme = "ws"
        default: break
        }
        return components.string ?? url.absoluteString
    }
}
