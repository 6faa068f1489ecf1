/// Why a voice interview session ended.
public enum EndReason: String, Sendable, Equatable, Codable, CaseIterable {
    /// The time limit was reached (after the closing line).
    case timeLimit = "time_limit"
    /// The interviewer wrapped up (the model emitted its closing marker) and said goodbye.
    case interviewerClosed = "interviewer_closed"
    /// The candidate ended the interview.
    case candidateEnded = "candidate_ended"
    /// The candidate's connection closed; they may reconnect while the interview is open, so no
    /// evaluation is queued (the abandoned-interview sweep handles interviews never resumed).
    case clientDisconnected = "client_disconnected"

    /// Whether the interview is complete and its evaluation should be queued.
    public var triggersEvaluation: Bool {
        self != .clientDisconnected
    }
}
