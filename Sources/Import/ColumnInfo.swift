/// A table column as the database describes it.
struct ColumnInfo: Sendable, Equatable {
    /// Column name.
    var name: String
    /// `format_type` of its type, e.g. `timestamp with time zone`, `text[]`, `user_role`.
    var type: String
    /// The labels when the type is an enum.
    var enumLabels: [String]?

    /// Every column of `table` (`schema.table` or a table on the search path), in order; empty
    /// when the table does not exist.
    static func load(table: String, on session: SQLSession) async throws -> [ColumnInfo] {
        let rows = try await session.rows("""
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod),
                   CASE WHEN t.typtype = 'e' THEN (SELECT array_to_json(array_agg(e.enumlabel::text ORDER BY e.enumsortorder))::text
                                                   FROM pg_enum e WHERE e.enumtypid = t.oid) END
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, [table])
        return rows.map { row in
            let labels = row[2].flatMap { try? JSONDecoderBox.decode([String].self, from: $0) }
            return ColumnInfo(name: row[0] ?? "", type: row[1] ?? "text", enumLabels: labels)
        }
    }
}
