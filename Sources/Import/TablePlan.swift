/// A ``TableMapping`` compiled against the real source and target tables: the SQL that reads
/// source rows in the target's canonical text form, compares them with target rows by content
/// hash, and upserts them.
///
/// The canonical form of a row is `json_build_array(col::text, …)` over the mapped target columns
/// (source side: each value cast to the target column's type, enum labels translated), computed
/// by PostgreSQL on both sides with `TimeZone = UTC`, so equal rows have equal `md5` hashes.
struct TablePlan: Sendable {
    /// The mapping.
    var mapping: TableMapping
    /// Mapped target columns, key first.
    var columns: [PlannedColumn]
    /// Source key column's type.
    var sourceKeyType: String
    /// Target key column's type.
    var targetKeyType: String
    /// Source columns neither mapped nor ignored.
    var unknownColumns: [String]
    /// Target columns filled from a file's bytes (data, size, sha256), when the table has bytes.
    var bytesColumns: [String]

    /// Compiles `mapping`; throws when a table or column does not exist on either side.
    init(mapping: TableMapping, source: [ColumnInfo], target: [ColumnInfo]) throws {
        guard !source.isEmpty else { throw ImportError("source table \(mapping.source) does not exist (mapping for \(mapping.target))") }
        guard !target.isEmpty else { throw ImportError("target table \(mapping.target) does not exist (run `vantahire migrate` first)") }
        self.mapping = mapping
        let sourceByName = Dictionary(source.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let targetByName = Dictionary(target.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        guard let sourceKey = sourceByName[mapping.key] else { throw ImportError("\(mapping.source) has no key column \(mapping.key)") }
        guard let targetKey = targetByName[mapping.key] else { throw ImportError("\(mapping.target) has no key column \(mapping.key)") }
        sourceKeyType = sourceKey.type
        targetKeyType = targetKey.type

        var used = Set(mapping.ignore ?? [])
        var sources: [String: String] = [:]
        for (targetColumn, sourceColumn) in mapping.columns {
            guard sourceByName[sourceColumn] != nil else {
                throw ImportError("\(mapping.source) has no column \(sourceColumn) (mapped to \(mapping.target).\(targetColumn))")
            }
            used.insert(sourceColumn)
            sources[targetColumn] = "s." + SQLText.identifier(sourceColumn)
        }
        var expressionTexts: [String] = []
        for (targetColumn, expression) in mapping.expressions ?? [:] {
            sources[targetColumn] = "(" + expression + ")"
            expressionTexts.append(expression)
        }
        expressionTexts += (mapping.skip ?? []).map(\.when) + (mapping.reject ?? []).map(\.when) + (mapping.joins ?? [])
        if let bytes = mapping.bytes { expressionTexts += [bytes.bucket, bytes.object] }
        if let updatedAt = mapping.updatedAt { expressionTexts.append(updatedAt) }
        for text in expressionTexts { used.formUnion(SQLText.sourceColumns(in: text)) }
        unknownColumns = source.map(\.name).filter { !used.contains($0) }
        guard sources[mapping.key] != nil else { throw ImportError("mapping for \(mapping.target) does not fill its key \(mapping.key)") }

        var planned: [PlannedColumn] = []
        let names = [mapping.key] + sources.keys.filter { $0 != mapping.key }.sorted()
        for name in names {
            guard let column = targetByName[name], let expression = sources[name] else {
                throw ImportError("target table \(mapping.target) has no column \(name)")
            }
            if let labels = column.enumLabels {
                var translation: [String: String] = [:]
                for label in labels { translation[label.lowercased()] = label }
                for (from, to) in mapping.enums?[name] ?? [:] {
                    guard labels.contains(to) else {
                        throw ImportError("enum map of \(mapping.target).\(name): '\(to)' is not one of \(labels.joined(separator: ", "))")
                    }
                    translation[from.lowercased()] = to
                }
                let cases = translation.sorted { $0.key < $1.key }
                    .map { "WHEN \(SQLText.literal($0.key)) THEN \(SQLText.literal($0.value))" }.joined(separator: " ")
                let raw = "(\(expression))::text"
                planned.append(PlannedColumn(name: name, type: column.type, canonical: "(CASE lower(\(raw)) \(cases) END)", raw: raw))
            } else if let map = mapping.enums?[name], !map.isEmpty {
                let cases = map.sorted { $0.key < $1.key }
                    .map { "WHEN \(SQLText.literal($0.key.lowercased())) THEN \(SQLText.literal($0.value))" }.joined(separator: " ")
                let raw = "(\(expression))::text"
                planned.append(PlannedColumn(name: name, type: column.type, canonical: "((CASE lower(\(raw)) \(cases) ELSE \(raw) END)::\(column.type))::text"))
            } else {
                planned.append(PlannedColumn(name: name, type: column.type, canonical: "((\(expression))::\(column.type))::text"))
            }
        }
        columns = planned
        if let bytes = mapping.bytes {
            for name in [bytes.dataColumn, bytes.sizeColumn, bytes.sha256Column] where targetByName[name] == nil {
                throw ImportError("target table \(mapping.target) has no column \(name) for file bytes")
            }
            bytesColumns = [bytes.dataColumn, bytes.sizeColumn, bytes.sha256Column]
        } else {
            bytesColumns = []
        }
        if let recording = mapping.recording, sources[recording.column] == nil {
            throw ImportError("recording column \(recording.column) of \(mapping.target) is not mapped")
        }
    }

    var target: String { SQLText.identifier(mapping.target) }
    var sourceTable: String { SQLText.identifier(mapping.source) }
    var sourceKey: String { "s." + SQLText.identifier(mapping.key) }
    var targetKey: String { SQLText.identifier(mapping.key) }
    private var joins: String { (mapping.joins ?? []).joined(separator: " ") }

    /// Position of each part of a source batch row.
    struct Layout {
        var columnCount: Int
        var key: Int { 0 }
        func column(_ index: Int) -> Int { 1 + index }
        var hash: Int { 1 + columnCount }
        var skip: Int { 2 + columnCount }
        var reject: Int { 3 + columnCount }
        var rawStart: Int { 4 + columnCount }
    }

    var layout: Layout { Layout(columnCount: columns.count) }
    /// Indices (into ``columns``) of enum columns, in the order of their raw values in a batch row.
    var enumColumnIndices: [Int] { columns.indices.filter { columns[$0].raw != nil } }
    /// Index of the bucket/object values in a batch row, when the table has bytes.
    var bytesStart: Int { layout.rawStart + enumColumnIndices.count }

    /// Source SQL for one batch: `$1` the key to start after (NULL: from the start), `$2` the
    /// `updatedAt` lower bound (NULL: every row), `$3` the batch size.
    var batchSQL: String {
        var inner = ["(\(sourceKey))::text AS k"]
        for (index, column) in columns.enumerated() { inner.append("\(column.canonical) AS c\(index)") }
        inner.append(caseSQL(mapping.skip ?? []) + " AS skip_reason")
        inner.append(caseSQL(mapping.reject ?? []) + " AS reject_reason")
        for (position, index) in enumColumnIndices.enumerated() { inner.append("\(columns[index].raw!) AS r\(position)") }
        if let bytes = mapping.bytes {
            inner.append("(\(bytes.bucket))::text AS bucket")
            inner.append("(\(bytes.object))::text AS object")
        }
        let canonicals = columns.indices.map { "x.c\($0)" }.joined(separator: ", ")
        var outer = ["x.k"] + columns.indices.map { "x.c\($0)" }
        outer.append("md5(json_build_array(\(canonicals))::text)")
        outer += ["x.skip_reason", "x.reject_reason"]
        outer += enumColumnIndices.indices.map { "x.r\($0)" }
        if mapping.bytes != nil { outer += ["x.bucket", "x.object"] }
        return """
            SELECT \(outer.joined(separator: ", ")) FROM (
              SELECT \(inner.joined(separator: ", "))
              FROM \(sourceTable) s \(joins)
              WHERE ($1::text IS NULL OR \(sourceKey) > $1::text::\(sourceKeyType))
                AND ($2::timestamptz IS NULL OR (\(updatedAtSQL)) > $2::timestamptz)
              ORDER BY \(sourceKey) LIMIT $3::integer
            ) x
            """
    }

    /// Source SQL counting the rows a pass reads (`$1` the `updatedAt` lower bound or NULL).
    var countSQL: String {
        "SELECT count(*)::text FROM \(sourceTable) s \(joins) WHERE ($1::timestamptz IS NULL OR (\(updatedAtSQL)) > $1::timestamptz)"
    }

    /// Source SQL giving the newest `updatedAt` (NULL when the table has none).
    var highWaterSQL: String? {
        mapping.updatedAt.map { "SELECT (max(\($0)))::timestamptz::text FROM \(sourceTable) s \(joins)" }
    }

    private var updatedAtSQL: String { mapping.updatedAt ?? "NULL::timestamptz" }

    /// Target SQL giving (key, row hash) for the keys in JSON array `$1`.
    var targetHashesSQL: String {
        """
        SELECT (t.\(targetKey))::text, \(targetRowHash) FROM \(target) t
        WHERE t.\(targetKey) IN (SELECT (jsonb_array_elements_text($1::jsonb))::\(targetKeyType))
        """
    }

    /// The row hash of target row `t`.
    var targetRowHash: String {
        "md5(json_build_array(\(columns.map { "(t.\(SQLText.identifier($0.name)))::text" }.joined(separator: ", ")))::text)"
    }

    /// Target upsert of the rows in JSON array `$1` (each an array of canonical texts in column
    /// order); rows equal to the target's are not rewritten.
    var upsertSQL: String {
        let names = columns.map { SQLText.identifier($0.name) }
        let values = columns.enumerated().map { "(r->>\($0.offset))::\($0.element.type)" }
        return upsert(names: names, values: values, from: "jsonb_array_elements($1::jsonb) AS r")
    }

    /// Target upsert of one file row: `$1` the JSON array of canonical texts, `$2` the bytes.
    var upsertWithBytesSQL: String {
        var names = columns.map { SQLText.identifier($0.name) }
        var values = columns.enumerated().map { "(r->>\($0.offset))::\($0.element.type)" }
        names += bytesColumns.map(SQLText.identifier)
        values += ["$2::bytea", "octet_length($2::bytea)", "encode(sha256($2::bytea), 'hex')"]
        return upsert(names: names, values: values, from: "(SELECT $1::jsonb AS r) AS x")
    }

    private func upsert(names: [String], values: [String], from: String) -> String {
        let updated = names.filter { $0 != targetKey }
        let set = updated.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let mine = updated.map { "\(target).\($0)" }.joined(separator: ", ")
        let theirs = updated.map { "excluded.\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO \(target) (\(names.joined(separator: ", "))) SELECT \(values.joined(separator: ", ")) FROM \(from)
            ON CONFLICT (\(targetKey)) DO UPDATE SET \(set) WHERE ROW(\(mine)) IS DISTINCT FROM ROW(\(theirs))
            """
    }

    private func caseSQL(_ rules: [RowRule]) -> String {
        guard !rules.isEmpty else { return "NULL::text" }
        return "CASE " + rules.map { "WHEN (\($0.when)) THEN \(SQLText.literal($0.reason))" }.joined(separator: " ") + " END"
    }
}
