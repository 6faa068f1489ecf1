import Conversation
extension TurnController {
    /// The time warning: sent now, or after the interviewer's current reply so it does not talk
    /// over it; later answers ask the model to wrap up.
    mutating func timeWarningDue(remaining: Duration, at now: Instant) -> [Action] {
        guard reply?.endReason == nil else { return [] }  // already closing
        wrapUp = true
        switch state {
        case .thinking, .speaking:
            pendingTimeWarning = (remaining, now)
            return []
        case .listening, .userSpeaking, .interrupted, .ended:
            return [.sendEvent(.timeWarning(remaining: remaining))]
        }
    }

    /// Sends a held-back time warning, with the time left now.
    mutating func releasePendingTimeWarning(at now: Instant) -> [Action] {
        guard let warning = pendingTimeWarning else { return [] }
        pendingTimeWarning = nil
        let left = warning.remaining - (now - warning.dueAt)
        return [.sendEvent(.timeWarning(remaining: max(.zero, left)))]
    }

    /// Time is up: stop the current reply, keep what was said, speak the closing line, then end.
    mutating func timeLimitReached(at now: Instant) -> [Action] {
        guard reply?.endReason == nil else { return [] }  // the goodbye is already being spoken
        var actions = stopReply() + persistUnansweredUserText()
        pendingTimeWarning = nil
        guard !configuration.timeUpClosingLine.isEmpty else { return actions + endSession(.timeLimit, at: now) }
        actions += startScripted(.closing, text: configuration.timeUpClosingLine, endReason: .timeLimit, at: now)
        return actions
    }

    /// Ends the session: stop the reply, persist everything said, tell the client, queue the
    /// evaluation when the interview is complete.
    mutating func endSession(_ reason: EndReason, at now: Instant) -> [Action] {
        var actions = stopReply() + persistUnansweredUserText()
        pendingTimeWarning = nil
        if reason != .clientDisconnected { actions.append(.sendEvent(.ended(reason))) }
        if reason.triggersEvaluation { actions.append(.enqueueEvaluation) }
        actions.append(.end(reason))
        state = .ended
        return actions
    }

    /// Cancels the current reply (if still producing) after persisting what it said.
    private mutating func stopReply() -> [Action] {
        guard let current = reply else { return [] }
        var actions: [Action] = []
        if !current.generationComplete { actions.append(.cancelReply(current.id)) }
        actions += persistUserTurnOfReply() + persistAssistantTurn()
        reply = nil
        return actions
    }

    /// Persists candidate text that no reply answered (carried over, or the utterance in progress).
    private mutating func persistUnansweredUserText() -> [Action] {
        let text = [carriedUserText, utterance.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        carriedUserText = nil
        utterance = Utterance()
        return text.isEmpty ? [] : [.persist(.user(text))]
    }
}
