/// Where an interview is (`interview_status` in the database).
public enum InterviewStatus: String, Sendable, Codable, CaseIterable {
    /// Invited, not started.
    case pending = "PENDING"
    /// The conversation is open (the candidate started it and it has not ended).
    case inProgress = "IN_PROGRESS"
    /// The conversation ended (`completed_at` set); its evaluation may still be pending or have failed.
    case completed = "COMPLETED"
    /// Not started before its deadline.
    case expired = "EXPIRED"
}
