public import PostgresNIO

/// The rows of a query made through ``Database``, already read from the connection.
///
/// An `AsyncSequence` of `PostgresRow`, so it reads like PostgresNIO's row sequence:
/// `for try await row in rows`, `rows.decode(…)`, `rows.collect()`.
public struct DatabaseRows: AsyncSequence, Sendable {
    /// Every row, in order.
    public let rows: [PostgresRow]

    /// Rows already read.
    public init(rows: [PostgresRow]) {
        self.rows = rows
    }

    /// Iterates over ``rows``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[PostgresRow]>

        /// The next row.
        public mutating func next() async throws -> PostgresRow? { base.next() }
    }

    /// An iterator over the rows.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: rows.makeIterator()) }

    /// Every row (as `PostgresRowSequence.collect()`).
    public func collect() async throws -> [PostgresRow] { rows }
}
