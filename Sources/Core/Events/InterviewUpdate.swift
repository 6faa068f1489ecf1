public import Foundation

/// The payload of `interview:update`.
///
/// The recruiter's room receives every change with the evaluation's outcome (`score`,
/// `evaluationError`); the interview's room (its candidate, and its owner if they joined it)
/// receives only status changes, never ``score`` or ``evaluationError``: see
/// ``RealtimeEvent/interviewUpdate(_:recruiterId:)``.
public struct InterviewUpdate: Sendable, Codable, Equatable {
    /// What happened.
    public enum Change: String, Sendable, Codable, CaseIterable {
        /// The conversation opened for the first time (status `IN_PROGRESS`).
        case started
        /// The conversation ended (status `COMPLETED`; the evaluation follows).
        case completed
        /// The evaluation stored its scores (recruiter only).
        case evaluated
        /// The evaluation failed for good; `evaluationError` says why (recruiter only).
        case evaluationFailed = "evaluation_failed"
        /// The interview was not started before its deadline (status `EXPIRED`).
        case expired

        /// Whether the change is a status change the interview's room receives.
        public var changesStatus: Bool { self != .evaluated && self != .evaluationFailed }
    }

    /// The interview.
    public var interviewId: UUID
    /// Its status after the change: `PENDING`, `IN_PROGRESS`, `COMPLETED` or `EXPIRED`.
    public var status: String
    /// What happened.
    public var change: Change
    /// The overall score (1–100), once evaluated; recruiter's room only.
    public var score: Int?
    /// Why the evaluation failed; recruiter's room only.
    public var evaluationError: String?

    /// Creates the payload.
    public init(interviewId: UUID, status: String, change: Change, score: Int? = nil, evaluationError: String? = nil) {
        self.interviewId = interviewId
        self.status = status
        self.change = change
        self.score = score
        self.evaluationError = evaluationError
    }

    /// The same update without anything the candidate may not see.
    public var statusOnly: InterviewUpdate {
        InterviewUpdate(interviewId: interviewId, status: status, change: change)
    }
}
