/// Where an application is (`application_status`).
public enum ApplicationStatus: String, Sendable, Codable, CaseIterable {
    /// New.
    case pending = "PENDING"
    /// Looked at.
    case reviewed = "REVIEWED"
    /// On the shortlist.
    case shortlisted = "SHORTLISTED"
    /// Declined.
    case rejected = "REJECTED"
    /// Hired.
    case hired = "HIRED"
}
