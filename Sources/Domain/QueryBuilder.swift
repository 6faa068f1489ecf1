public import PostgresNIO

/// Builds a parameterised query whose shape depends on optional filters.
///
/// Values are always bound (`$n`), never spliced into the SQL text.
public struct QueryBuilder: Sendable {
    /// The SQL so far.
    public private(set) var sql: String
    private var bindings = PostgresBindings()

    /// Starts with `sql`.
    public init(_ sql: String) { self.sql = sql }

    /// Binds `value` and returns its placeholder (`$n`).
    public mutating func bind(_ value: some PostgresEncodable & Sendable) throws -> String {
        try bindings.append(value)
        return "$\(bindings.count)"
    }

    /// Appends SQL text.
    public mutating func append(_ text: String) { sql += text }

    /// Appends `AND (created_at, id) < (that row)` for a page after `cursor` in `table`.
    public mutating func after(_ cursor: PageCursor?, table: String, prefix: String = "") throws {
        guard let cursor else { return }
        let placeholder = try bind(cursor.id)
        sql += " AND (\(prefix)created_at, \(prefix)id) < (SELECT created_at, id FROM \(table) WHERE id = \(placeholder))"
    }

    /// Appends the newest-first order and the limit.
    public mutating func newestFirst(limit: Int, prefix: String = "") {
        sql += " ORDER BY \(prefix)created_at DESC, \(prefix)id DESC LIMIT \(limit)"
    }

    /// The finished query.
    public var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
