public import Foundation

/// A local HTTP server that imitates a provider's API on `127.0.0.1` (port chosen by the system).
public protocol ProviderFake: Sendable {
    /// Starts the server and returns its base URL, `http://127.0.0.1:{port}`.
    ///
    /// - Throws: ``FakeServerError``.
    func start() async throws -> URL
    /// Stops the server, dropping open connections; does nothing if it is not running.
    func stop() async
}

extension ProviderFake {
    /// Starts the fake, runs `body` with its base URL and stops the fake again, even if `body` throws.
    public func withRunning<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (URL) async throws -> Result
    ) async throws -> Result {
        let baseURL = try await start()
        do {
            let result = try await body(baseURL)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }
}
