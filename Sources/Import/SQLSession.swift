public import Logging
public import PostgresNIO

/// One dedicated connection and the few shapes of query the importer runs on it, every value
/// as text (the importer moves rows in PostgreSQL's canonical text form).
public struct SQLSession: Sendable {
    /// The connection.
    public let connection: PostgresConnection
    /// Logger for queries.
    public let logger: Logger

    /// Wraps `connection`.
    public init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Runs `sql` with text parameters `$1…` and returns every row, every column as text.
    public func rows(_ sql: String, _ parameters: [String?] = []) async throws -> [[String?]] {
        var bindings = PostgresBindings(capacity: parameters.count)
        for parameter in parameters {
            if let parameter { bindings.append(parameter) } else { bindings.appendNull() }
        }
        let result = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        var rows: [[String?]] = []
        for try await row in result {
            var values: [String?] = []
            for cell in row {
                values.append(try cell.decode(String?.self))
            }
            rows.append(values)
        }
        return rows
    }

    /// Runs `sql` with prepared bindings and discards any rows.
    public func execute(_ sql: String, _ bindings: PostgresBindings = PostgresBindings()) async throws {
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
    }

    /// The first column of the first row, if any.
    public func value(_ sql: String, _ parameters: [String?] = []) async throws -> String? {
        try await rows(sql, parameters).first?.first ?? nil
    }
}
