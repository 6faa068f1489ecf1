import Foundation
import HTTPTypes
public import Hummingbird
public import HummingbirdWebSocket
import Logging
public import NIOCore
import PostgresNIO

/// The per-request context of the API.
public struct APIRequestContext: RequestContext, RemoteAddressRequestContext, WebSocketRequestContext {
    /// Hummingbird's own storage (logger, allocator, route parameters).
    public var coreContext: CoreRequestContextStorage
    /// The peer's address.
    public var remoteAddress: SocketAddress?
    /// The WebSocket upgrade's handler (the realtime endpoint).
    public let webSocket: WebSocketHandlerReference<APIRequestContext>
    /// Who is asking, once ``AuthMiddleware`` resolved the credentials (`nil`: anonymous).
    public var caller: Caller?

    /// Creates the context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.caller = nil
        self.webSocket = WebSocketHandlerReference()
    }

    /// Bodies are read by each route with its own limit; this is the ceiling for framework decoders.
    public var maxUploadSize: Int { 1 << 20 }
}
