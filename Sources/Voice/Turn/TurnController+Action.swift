import Conversation
public import Foundation

extension TurnController {
    /// Something the caller must do, in the order the actions are returned.
    ///
    /// Socket writes (`sendAudio`, `sendEvent`) should be done at once; persistence may be
    /// queued but must keep its order (and precede `enqueueEvaluation`).
    public enum Action: Sendable, Equatable {
        /// Ask the model for an answer (stream it back as `llm…` events).
        case startReply(ReplyRequest)
        /// Synthesize a chunk (report `tts…` events).
        case synthesize(SpeechChunk)
        /// No more chunks will be added to this reply (Cartesia: send the `continue: false` input).
        case finishSynthesis(ReplyID)
        /// Stop the model stream and every synthesis of this reply; drop their late events.
        case cancelReply(ReplyID)
        /// Send interviewer audio to the client (binary frame).
        case sendAudio(Data)
        /// Send an event to the client (text frame).
        case sendEvent(VoiceClientEvent)
        /// Store a transcript turn.
        case persist(ConversationTurn)
        /// Ask the speech-to-text service to finalize what it has heard (Deepgram `Finalize`).
        case finalizeSTT
        /// Record the latency breakdown of an answer (emitted with its first audio byte).
        case recordMetrics(TurnMetrics)
        /// Deliver ``Event/wakeUp`` at (or after) this instant; extra wake-ups are harmless.
        case scheduleWakeUp(at: ContinuousClock.Instant)
        /// Queue the interview's evaluation (after the persisted turns).
        case enqueueEvaluation
        /// Close the session: speech-to-text `CloseStream`, then the client socket once the
        /// events before this action are sent.
        case end(EndReason)
    }
}
