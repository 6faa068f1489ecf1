public import Core
public import Foundation
public import Logging
import PostgresNIO

/// The version of an interview's candidate tokens (`interviews.token_version`): tokens carry it,
/// and one of another version is refused, so links can be revoked. It grows when the candidate's
/// email changes (``Interview/update(id:_:on:logger:)``) and when the recruiter regenerates the
/// link (``regenerate(interviewId:on:logger:)``).
public enum InterviewTokenVersion {
    /// The current version of interview `interviewId`; `nil` when it does not exist.
    public static func current(interviewId: UUID, on client: Database, logger: Logger) async throws -> Int? {
        try await client.query("SELECT token_version FROM interviews WHERE id = \(interviewId)", logger: logger)
            .decode(Int.self).first { _ in true }
    }

    /// Makes every token issued so far invalid; the new version, `nil` when the interview does not exist.
    public static func regenerate(interviewId: UUID, on client: Database, logger: Logger) async throws -> Int? {
        try await client.query(
            "UPDATE interviews SET token_version = token_version + 1, updated_at = now() WHERE id = \(interviewId) RETURNING token_version",
            logger: logger
        ).decode(Int.self).first { _ in true }
    }
}
