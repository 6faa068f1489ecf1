import Foundation

/// Limits of text interviews (the API's conversation routes): how fast and how long a candidate
/// can talk to the interviewer, and how much of the conversation the model is sent each turn.
public struct ConversationSettings: Sendable {
    /// `TEXT_INTERVIEW_TURNS_PER_MINUTE`: messages one interview may send per minute (default 10).
    public var turnsPerMinute: Int
    /// `TEXT_INTERVIEW_MAX_TURNS`: candidate messages one interview may send in all (default 60);
    /// further messages are refused with 409 `turn_limit_reached`.
    public var maxTurns: Int
    /// `TEXT_INTERVIEW_HISTORY_MESSAGES`: the most recent stored messages sent to the model with
    /// each turn (default 40; the interviewer's instructions always go first).
    public var historyMessages: Int
    /// `TEXT_INTERVIEW_HISTORY_CHARACTERS`: the most characters of stored messages sent to the
    /// model with each turn, oldest dropped first (default 48000).
    public var historyCharacters: Int
    /// `TEXT_INTERVIEW_TURN_TIMEOUT_SECONDS`: how long one turn may hold the interview's turn lock
    /// (a crashed process's lock expires after it; default 180).
    public var turnLockSeconds: Int

    /// Reads the variables.
    public init(environment env: Environment) throws(ConfigurationError) {
        turnsPerMinute = try AppConfiguration.integer(env, "TEXT_INTERVIEW_TURNS_PER_MINUTE", default: 10, range: 1...1000)
        maxTurns = try AppConfiguration.integer(env, "TEXT_INTERVIEW_MAX_TURNS", default: 60, range: 1...10_000)
        historyMessages = try AppConfiguration.integer(env, "TEXT_INTERVIEW_HISTORY_MESSAGES", default: 40, range: 2...10_000)
        historyCharacters = try AppConfiguration.integer(env, "TEXT_INTERVIEW_HISTORY_CHARACTERS", default: 48_000, range: 1000...10_000_000)
        turnLockSeconds = try AppConfiguration.integer(env, "TEXT_INTERVIEW_TURN_TIMEOUT_SECONDS", default: 180, range: 10...3600)
    }
}
