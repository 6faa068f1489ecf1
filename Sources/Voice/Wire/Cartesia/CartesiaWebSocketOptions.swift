public import Foundation

/// The URL of Cartesia's TTS WebSocket, `wss://api.cartesia.ai/tts/websocket?cartesia_version=…`.
///
/// Authenticate a server-side socket with the `Authorization: Bearer <key>` header on the
/// handshake (preferred: the key stays out of URLs and logs), or pass `apiKey` to put it in the
/// `api_key` query parameter.
public struct CartesiaWebSocketOptions: Sendable, Equatable {
    /// Where the real service lives.
    public static let productionBase = "wss://api.cartesia.ai"

    /// `cartesia_version`, e.g. `2025-04-16`.
    public var version: String

    /// Options for API `version`.
    public init(version: String = "2025-04-16") {
        self.version = version
    }

    /// The socket URL under `base`, with the key as `api_key` when given; `nil` when `base` is
    /// not a URL.
    public func url(base: String = CartesiaWebSocketOptions.productionBase, apiKey: String? = nil) -> URL? {
        var items = [URLQueryItem(name: "cartesia_version", value: version)]
        if let apiKey { items.append(URLQueryItem(name: "api_key", value: apiKey)) }
        return WireURL.make(base: base, path: "/tts/websocket", queryItems: items)
    }
}
