public import Hummingbird

/// The per-request context of the API.
public struct APIRequestContext: RequestContext {
    /// Hummingbird's own storage (logger, allocator, route parameters).
    public var coreContext: CoreRequestContextStorage

    /// Creates the context for a new request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
