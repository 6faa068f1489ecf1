import Conversation
import Foundation

/// What a session starts from: the interview, its prompt, the conversation so far and the end of
/// its time.
struct SessionSetup: Sendable {
    /// The interview.
    var interviewId: UUID
    /// The interviewer prompt (posting title and description, candidate, time limit).
    var prompt: InterviewPrompt
    /// Every stored turn, oldest first (empty on the first connection).
    var history: [ConversationTurn]
    /// `started_at` plus the time limit.
    var deadline: Date
}
