public import AsyncHTTPClient
public import ServiceLifecycle

/// Keeps the voice process's HTTP client until graceful shutdown, then shuts it down.
public struct VoiceHTTPClientService: Service {
    /// The client.
    public let httpClient: HTTPClient

    /// A service owning `httpClient`.
    public init(httpClient: HTTPClient) {
        self.httpClient = httpClient
    }

    /// Waits for shutdown, then closes the client's connections.
    public func run() async throws {
        try? await gracefulShutdown()
        try await httpClient.shutdown()
    }
}
