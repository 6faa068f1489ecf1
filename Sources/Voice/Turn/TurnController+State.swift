extension TurnController {
    /// Who has the floor.
    public enum State: String, Sendable, Equatable, CaseIterable {
        /// Nobody is speaking; waiting for the candidate.
        case listening
        /// The candidate is speaking (voice activity or words heard); their finals accumulate.
        case userSpeaking
        /// A reply was requested (model or scripted line) and none of its audio was sent yet.
        case thinking
        /// Interviewer audio is being sent, or is still playing on the client.
        case speaking
        /// The candidate spoke over the interviewer, whose reply was cancelled; the candidate's
        /// utterance accumulates as in ``userSpeaking``.
        case interrupted
        /// The session is over; every further event is ignored.
        case ended
    }
}
