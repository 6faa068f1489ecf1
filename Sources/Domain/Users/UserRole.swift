/// What a user may do (`user_role`).
public enum UserRole: String, Sendable, Codable, CaseIterable {
    /// Creates interviews and job postings.
    case recruiter = "RECRUITER"
    /// Applies to postings.
    case candidate = "CANDIDATE"
    /// Operates the platform.
    case admin = "ADMIN"
}
