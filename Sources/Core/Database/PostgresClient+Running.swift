public import PostgresNIO

extension PostgresClient {
    /// Runs the client for the duration of `body` (for commands and tests that are not a
    /// long-lived `ServiceGroup`), then shuts it down.
    @discardableResult
    public func whileRunning<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await self.run()
                return nil
            }
            defer { group.cancelAll() }
            let result = try await body()
            return result
        }
    }
}
