extension AsyncSequence {
    /// Every element, in order (for result sets known to be small).
    public func collectAll() async throws -> [Element] {
        var all: [Element] = []
        for try await element in self { all.append(element) }
        return all
    }
}
