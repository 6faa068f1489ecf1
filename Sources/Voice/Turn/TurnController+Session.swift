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

    /// Speech-to-text is down: tell the client, keep every word already heard, and apologise
    /// aloud now if the interviewer has nothing to say, else once the reply in progress is over.
    mutating func speechRecognitionFailed(at now: Instant) -> [Action] {
        utterance.interim = ""
        var actions: [Action] = [
            .sendEvent(.error(.transcriptionFailed, message: "Speech recognition is unavailable; the interviewer cannot hear you for now.")),
        ]
        guard !configuration.hearingApologyLine.isEmpty else { return actions }
        if reply == nil {
            actions += startScripted(.apology, text: configuration.hearingApologyLine, at: now)
        } else {
            pendingHearingApology = true
        }
        return actions
    }

    /// Speaks the hearing apology held back while the interviewer spoke.
    mutating func releasePendingHearingApology(at now: Instant) -> [Action] {
        guard pendingHearingApology, reply == nil else { return [] }
        pendingHearingApology = false
        return startScripted(.apology, text: configuration.hearingApologyLine, at: now)
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
