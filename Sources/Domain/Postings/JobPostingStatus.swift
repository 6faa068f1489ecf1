/// Whether a posting is open (`job_posting_status`).
public enum JobPostingStatus: String, Sendable, Codable, CaseIterable {
    /// Being written.
    case draft = "DRAFT"
    /// Open.
    case active = "ACTIVE"
    /// Closed.
    case closed = "CLOSED"
}

/// An admin's decision on a posting (`approval_status`).
public enum ApprovalStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for review.
    case pending = "PENDING"
    /// Publicly listed when active.
    case approved = "APPROVED"
    /// Refused.
    case rejected = "REJECTED"
}
