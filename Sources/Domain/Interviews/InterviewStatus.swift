/// Where an interview is (`interview_status` in the database).
public enum InterviewStatus: String, Sendable, Codable, CaseIterable {
    /// Invited, not started.
    case pending = "PENDING"
    /// The candidate has started.
    case inProgress = "IN_PROGRESS"
    /// Finished and evaluated.
    case completed = "COMPLETED"
    /// Not started before its deadline.
    case expired = "EXPIRED"
}
