import Synchronization

/// The keys a dry run would have written, per table, so children are not reported as orphans
/// of parents the dry run did not actually write.
final class DryRunKeys: Sendable {
    private let storage = Mutex<[String: Set<String>]>([:])

    /// Records `keys` of `table`.
    func add(_ keys: [String], to table: String) {
        storage.withLock { $0[table, default: []].formUnion(keys) }
    }

    /// The recorded keys of `table`.
    func keys(_ table: String) -> Set<String> {
        storage.withLock { $0[table] ?? [] }
    }
}
