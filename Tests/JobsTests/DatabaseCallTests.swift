import Core
import Foundation
import Jobs
import Logging
import PostgresNIO
import Synchronization
import Testing
import TestSupport
import Worker

/// The backend pid of `connection`.
func backendPID(of connection: PostgresConnection, logger: Logger) async throws -> Int32 {
    for try await pid in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self) { return pid }
    throw TestEnvironmentError("no backend pid")
}

/// Terminates backend `pid` from a separate connection and waits until `connection` has seen it.
func terminate(_ pid: Int32, of connection: PostgresConnection, in db: TestDatabase) async throws {
    try await TestDatabase.execute(on: db.url, "SELECT pg_terminate_backend(\(pid))")
    let deadline = ContinuousClock.now + .seconds(10)
    while !connection.isClosed, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
}

/// Database calls of handlers and routes: a deadline, a server-side statement timeout, and no wait
/// forever for a request on a connection that closed under it.
@Suite struct DatabaseCallTests {
    /// PostgresNIO drops a request written to a connection whose channel has closed (here: the
    /// backend was terminated between two statements of a transaction) and never answers it.
    @Test func aStatementAfterItsBackendWasTerminatedFailsInsteadOfHanging() async throws {
        try await TestDatabase.with { db in
            // The call deadline is far away: what ends the call is the closed connection.
            let database = Database(client: db.client, callTimeout: .seconds(300))
            let started = ContinuousClock.now
            let outcome: String = try await withDeadline(.seconds(30), "test bound") {
                do {
                    try await database.withTransaction(logger: db.logger) { connection in
                        let pid = try await backendPID(of: connection, logger: db.logger)
                        try await terminate(pid, of: connection, in: db)
                        try await connection.query("SELECT 1", logger: db.logger)
                    }
                    return "succeeded"
                } catch let error as DatabaseConnectionClosedError {
                    return "\(error)"
                } catch {
                    return "other error: \(String(reflecting: error))"
                }
            }
            #expect(outcome == "\(DatabaseConnectionClosedError())")
            #expect(ContinuousClock.now - started < .seconds(15))
            // The pool replaces the dead connection.
            #expect(try await database.query("SELECT 1", logger: db.logger).rows.count == 1)
        }
    }

    /// The real shape of the chaos finding: a handler's transaction loses its backend, its worker
    /// stays alive and heartbeats; the job must be retried within lease + 10 s, not at the kind's
    /// timeout.
    @Test func aHandlerWhoseBackendIsTerminatedMidTransactionDoesNotHoldItsJob() async throws {
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db)
            var registry = JobRegistry()
            registry.register(Probe.self, timeout: .seconds(600)) { _, context in
                let attempt = context.attempt
                try await platform.postgres.withTransaction(logger: context.logger) { connection in
                    let pid = try await backendPID(of: connection, logger: context.logger)
                    if attempt == 1 { try await terminate(pid, of: connection, in: db) }
                    try await connection.query("SELECT 1", logger: context.logger)
                }
            }
            let lease = Duration.seconds(2)
            let id = try await db.queue.enqueue(Probe(n: 1)).id
            let worker = db.worker(registry: registry, lease: lease)
            try await running([worker]) {
                let completed = try await eventually(timeout: lease + .seconds(10)) { try await db.state(of: id) == .completed }
                #expect(completed)
            }
            let job = try #require(try await db.queue.job(id: id))
            #expect(job.attempt == 2)
            #expect(job.errors.first?.error.contains("closed") == true)
        }
    }

    @Test func poolConnectionsCarryTheStatementTimeout() async throws {
        try await TestDatabase.with { db in
            let logger = db.logger
            let client = PostgresClient(url: db.url, poolSize: 1, statementTimeout: .milliseconds(1500), logger: logger)
            try await client.whileRunning {
                let database = Database(client: client, callTimeout: .seconds(60))
                var shown = ""
                for try await value in try await database.query("SHOW statement_timeout", logger: logger).decode(String.self) { shown = value }
                #expect(shown == "1500ms")
                let started = ContinuousClock.now
                await #expect(throws: (any Error).self) {
                    try await database.query("SELECT pg_sleep(20)", logger: logger)
                }
                #expect(ContinuousClock.now - started < .seconds(15))
            }
        }
    }

    /// A call past its deadline returns, and its connection is closed rather than handed back to
    /// the pool with a statement still running on it: its backend exits once the statement ends.
    @Test func aCallPastItsDeadlineFailsAndClosesItsConnection() async throws {
        try await TestDatabase.with { db in
            // A deadline long enough to learn the backend's pid even on a busy machine, and a
            // statement that outlasts it by far.
            let database = Database(client: db.client, callTimeout: .seconds(3))
            let pid = Mutex<Int32?>(nil)
            let started = ContinuousClock.now
            await #expect(throws: DeadlineExceededError.self) {
                try await database.withConnection { connection in
                    let backend = try await backendPID(of: connection, logger: db.logger)
                    pid.withLock { $0 = backend }
                    try await connection.query("SELECT pg_sleep(10)", logger: db.logger)
                }
            }
            // It returned at its deadline, not when the statement ended.
            #expect(ContinuousClock.now - started < .seconds(9))
            let backend = try #require(pid.withLock { $0 })
            // (The pool may hand the closing connection to this check once: retry.)
            let gone = try await eventually(timeout: .seconds(40)) {
                (try? await db.int("SELECT count(*) FROM pg_stat_activity WHERE pid = \(backend)")) == 0
            }
            #expect(gone)
        }
    }
}
