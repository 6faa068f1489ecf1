/// How the candidate is interviewed (`interview_type`).
public enum InterviewType: String, Sendable, Codable, CaseIterable {
    /// A chat.
    case text = "TEXT"
    /// A live voice conversation.
    case voice = "VOICE"
}
