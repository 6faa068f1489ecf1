import Core
import Domain
import Foundation
public import Jobs
import Logging
import PostgresNIO

/// `expire_interviews`: PENDING interviews past their deadline become EXPIRED; IN_PROGRESS
/// interviews abandoned past start + time limit + grace become COMPLETED and get their evaluation
/// enqueued (in the same transaction). Publishes `interview:update` (`expired` / `completed`) for
/// each change.
public struct ExpireInterviewsHandler: Sendable {
    let platform: Platform
    let queue: JobQueue

    /// Creates the handler.
    public init(platform: Platform, queue: JobQueue) {
        self.platform = platform
        self.queue = queue
    }

    /// Runs one expiry pass.
    public func handle(_: ExpireInterviews, context: JobContext) async throws {
        let grace = platform.configuration.worker.interviewGraceMinutes
        let (expired, abandoned) = try await platform.postgres.withTransaction(logger: context.logger) { connection in
            let expired = try await InterviewLifecycle.expirePending(on: connection, logger: context.logger)
            let abandoned = try await InterviewLifecycle.endAbandoned(graceMinutes: grace, on: connection, logger: context.logger)
            if !abandoned.isEmpty {
                try await queue.enqueue(batch: try abandoned.map { try NewJob(EvaluateInterview(interviewId: $0.id)) }, on: connection)
            }
            return (expired, abandoned)
        }
        for change in expired + abandoned {
            let update = InterviewUpdate(interviewId: change.id, status: change.status.rawValue,
                                         change: change.status == .expired ? .expired : .completed)
            await platform.events.publish(update, recruiterId: change.recruiterId)
        }
        context.logger.info("interview expiry done", metadata: ["expired": "\(expired.count)", "abandoned": "\(abandoned.count)"])
    }
}
