public import Core
public import Jobs
import Logging
public import PostgresNIO
public import Worker

/// The chaos suite's job kind: writes one side-effect row keyed by its job id.
///
/// The row is written by the handler's own statement, outside the job's completion, exactly as
/// a real handler calling a provider would; a worker killed between the write and the completion
/// leaves a duplicate when the job is retried. The suite counts those duplicates.
public struct ChaosEffect: JobArguments, Equatable {
    /// `chaos_effect`.
    public static let kind = "chaos_effect"
    /// Sequence number of the job in its run.
    public var n: Int
    /// Creates the arguments.
    public init(n: Int) { self.n = n }

    /// Creates the side-effect table if missing.
    public static func prepare(client: PostgresClient, logger: Logger) async throws {
        try await client.query("""
            CREATE TABLE IF NOT EXISTS chaos_effects (
                job_id bigint NOT NULL, n integer NOT NULL, written_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        try await client.query("CREATE INDEX IF NOT EXISTS chaos_effects_job_id_idx ON chaos_effects (job_id)", logger: logger)
    }

    /// Registers the handler: one INSERT per attempt, through the platform's bounded ``Database``
    /// like every real handler.
    public static func register(in registry: inout JobRegistry, database: Database) {
        registry.register(ChaosEffect.self, timeout: .seconds(60)) { job, context in
            try await database.query(
                "INSERT INTO chaos_effects (job_id, n) VALUES (\(context.id), \(Int32(job.n)))", logger: context.logger
            )
        }
    }
}
