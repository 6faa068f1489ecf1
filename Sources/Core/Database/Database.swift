public import Logging
public import PostgresNIO
public import ServiceLifecycle

/// PostgreSQL for handlers and routes: the pool, with a bound on every call.
///
/// PostgresNIO waits for a request's answer without a time limit, and a request written to a
/// connection whose channel has already closed (a backend terminated between two statements of a
/// transaction, or just before a pooled connection was handed out) is dropped without ever being
/// answered: its caller would wait forever. Every call made through this type therefore
///
/// - fails within ``callTimeout`` (waiting for a connection included); the connection is then
///   closed, so a request still on it can neither answer nor commit later;
/// - fails at once (after a short grace for PostgresNIO's own error) when its connection closes
///   under it;
/// - runs on connections whose `statement_timeout` is set server side (see
///   ``PostgresClient/init(url:poolSize:applicationName:statementTimeout:logger:)``).
///
/// A query's rows are read before the call returns (result sets here are small pages). The job
/// engine and the migrator use ``client`` directly: they bound their own waits.
public struct Database: Service, Sendable {
    /// The pool underneath.
    public let client: PostgresClient
    /// Longest wait for one call: a query, or a whole ``withConnection(_:)`` or
    /// ``withTransaction(logger:_:)`` body.
    public let callTimeout: Duration
    /// How long a call whose connection closed waits for PostgresNIO's own error before it fails.
    static let closeGrace: Duration = .milliseconds(250)

    /// Calls through `client` (which must be running), each bounded by `callTimeout`.
    public init(client: PostgresClient, callTimeout: Duration) {
        self.client = client
        self.callTimeout = callTimeout
    }

    /// Runs the pool (a `Service`).
    public func run() async throws {
        await client.run()
    }

    /// Runs `query` and returns its rows, read in full.
    @discardableResult
    public func query(_ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws -> DatabaseRows {
        try await withConnection { connection in
            let rows = try await connection.query(query, logger: logger, file: file, line: line)
            return DatabaseRows(rows: try await rows.collect())
        }
    }

    /// Leases a connection for `body`, bounded as described above.
    ///
    /// `body` runs in a task of its own, so a body stuck on a dead connection cannot hold its
    /// caller; the caller gets ``DatabaseConnectionClosedError`` or `DeadlineExceededError`.
    public func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withDeadline(callTimeout, "database call") { [client] in
            try await client.withConnection { connection in
                try await connection.failingWhenClosed(grace: Self.closeGrace) { try await body(connection) }
            }
        }
    }

    /// Runs `body` in a transaction (`BEGIN`, then `COMMIT`, or `ROLLBACK` when it throws), bounded
    /// as ``withConnection(_:)``; a transaction whose call fails is rolled back by the server when
    /// its connection closes.
    public func withTransaction<Result: Sendable>(
        logger: Logger, file: String = #file, line: Int = #line,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.withTransaction(logger: logger, file: file, line: line) { try await body($0) }
        }
    }
}
