public import PostgresNIO

/// Reads a row's columns in order, one concrete type at a time.
///
/// For the rows the API lists by the thousand: each `next` is specialised for its type where it is
/// called, while `PostgresRow.decode((A, B, …).self)` (a parameter pack) runs generic code per
/// column — generic metadata lookups and reference counting that `perf` showed as a large share
/// of the API's CPU on whole lists.
public struct RowReader {
    @usableFromInline var cells: PostgresRow.Iterator

    /// A reader at the first column of `row`.
    public init(_ row: PostgresRow) {
        cells = row.makeIterator()
    }

    /// The next column as `T`; fails when the row has no more columns or the column is not a `T`.
    @inlinable
    public mutating func next<T: PostgresDecodable>(_: T.Type = T.self, file: String = #fileID, line: Int = #line) throws -> T {
        guard let cell = cells.next() else {
            throw PostgresDecodingError.Code.missingData
        }
        return try cell.decode(T.self, file: file, line: line)
    }
}
