import ServiceLifecycle

extension Platform {
    /// Runs the PostgreSQL pool and the platform's ``services`` for the duration of `body` (for
    /// commands that are not a long-lived `ServiceGroup`), then stops them: the Redis client shuts
    /// down when its task is cancelled.
    @discardableResult
    public func whileRunning<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let services = self.services
        return try await withThrowingTaskGroup(of: T?.self) { group in
            for service in services {
                group.addTask {
                    try await service.run()
                    return nil
                }
            }
            defer { group.cancelAll() }
            return try await postgres.client.whileRunning(body)
        }
    }
}
