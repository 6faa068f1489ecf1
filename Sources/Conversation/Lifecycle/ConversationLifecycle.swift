public import Core
public import Domain
public import Foundation
public import Jobs
public import Logging

/// Opening and ending an interview's conversation, shared by voice and text sessions: the status
/// change (``InterviewLifecycle``), the evaluation job in the same transaction as the end, and
/// `interview:update` after each commit.
public struct ConversationLifecycle: Sendable {
    private let platform: Platform
    private let queue: JobQueue

    /// A lifecycle over `platform`, enqueueing evaluations on `queue`.
    public init(platform: Platform, queue: JobQueue) {
        self.platform = platform
        self.queue = queue
    }

    /// Opens interview `id` (PENDING → IN_PROGRESS and `started_at` the first time; resumed
    /// otherwise) and publishes `started` the first time. `nil` when it can no longer be opened
    /// (ended, expired, or missing).
    public func open(_ id: UUID, logger: Logger) async throws -> OpenedInterview? {
        guard let opened = try await InterviewLifecycle.start(id, on: platform.postgres, logger: logger) else { return nil }
        if opened.firstStart {
            await platform.events.publish(
                InterviewUpdate(interviewId: id, status: InterviewStatus.inProgress.rawValue, change: .started),
                recruiterId: opened.recruiterId)
        }
        return opened
    }

    /// Ends interview `id`: COMPLETED and `completed_at` with its `evaluate_interview` job, in one
    /// transaction; then publishes `completed`. Whether this call ended it (ending twice changes
    /// nothing).
    @discardableResult
    public func end(_ id: UUID, logger: Logger) async throws -> Bool {
        let queue = self.queue
        let change = try await platform.postgres.withTransaction(logger: logger) { connection in
            let change = try await InterviewLifecycle.end(id, on: connection, logger: logger)
            if change != nil { try await queue.enqueue(EvaluateInterview(interviewId: id), on: connection) }
            return change
        }
        guard let change else { return false }
        await platform.events.publish(
            InterviewUpdate(interviewId: id, status: change.status.rawValue, change: .completed), recruiterId: change.recruiterId)
        return true
    }
}
