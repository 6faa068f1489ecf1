extension TurnController {
    /// Accumulates a transcript, interrupting the interviewer when it is real speech.
    mutating func receive(_ transcript: Transcript, at now: Instant) -> [Action] {
        let text = transcript.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var actions: [Action] = []
        if state == .thinking || state == .speaking {
            // Below the threshold (silence, noise, "mm", echo) the interviewer keeps the floor
            // and the words are dropped; a closing reply cannot be interrupted at all.
            guard let reply, reply.endReason == nil, configuration.bargeIn.isMet(by: text) else { return [] }
            actions += bargeIn(at: now)
        }

        if !text.isEmpty {
            if state == .listening { state = .userSpeaking }
            if transcript.isFinal {
                utterance.finals.append(text)
                utterance.interim = ""
            } else {
                utterance.interim = text
            }
            if let end = transcript.speechEnd { utterance.lastWordEnd = max(utterance.lastWordEnd ?? end, end) }
            actions.append(.sendEvent(.transcript(text: text, isFinal: transcript.isFinal)))
        } else if transcript.isFinal {
            utterance.interim = ""
        }

        let finalized = transcript.fromFinalize && utterance.clientEndOfSpeechAt != nil
        if transcript.isFinal && (transcript.speechFinal || finalized) {
            actions += endUtterance(at: now)
        }
        return actions
    }

    /// `UtteranceEnd`: the backup end of the candidate's turn.
    mutating func utteranceEnded(lastWordEnd: Duration?, at now: Instant) -> [Action] {
        switch state {
        case .listening, .userSpeaking, .interrupted:
            if let lastWordEnd, !utterance.text.isEmpty {
                utterance.lastWordEnd = max(utterance.lastWordEnd ?? lastWordEnd, lastWordEnd)
            }
            return endUtterance(at: now)
        case .thinking, .speaking, .ended:
            return []
        }
    }

    /// The client says the candidate stopped speaking: have the recognizer finalize now.
    mutating func clientEndedSpeech(at now: Instant) -> [Action] {
        switch state {
        case .listening, .userSpeaking, .interrupted:
            utterance.clientEndOfSpeechAt = now
            return [.finalizeSTT]
        case .thinking, .speaking, .ended:
            return []
        }
    }

    /// Closes the candidate's utterance and asks for an answer, unless nothing was said. Text
    /// carried over from a cancelled answer is answered even if the new utterance came back
    /// empty (the barge-in was a false start), so the candidate is never left without a reply.
    mutating func endUtterance(at now: Instant) -> [Action] {
        let heard = utterance
        utterance = Utterance()
        let userText = [carriedUserText, heard.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        guard !userText.isEmpty else {
            if state == .userSpeaking || state == .interrupted { state = .listening }
            return []
        }
        carriedUserText = nil

        var speechEnd = (at: now, source: TurnMetrics.SpeechEndSource.turnDetection)
        if let audioEpoch, let lastWordEnd = heard.lastWordEnd {
            speechEnd = (min(now, audioEpoch + lastWordEnd), .audioTimestamps)
        } else if let clientEnd = heard.clientEndOfSpeechAt {
            speechEnd = (min(now, clientEnd), .clientEndOfSpeech)
        }
        return startAnswer(to: userText, speechEnd: speechEnd, at: now)
    }

    /// The candidate spoke over the interviewer: cancel the reply and keep only what was said.
    mutating func bargeIn(at now: Instant) -> [Action] {
        guard let current = reply else { return [] }
        var actions: [Action] = []
        if !current.generationComplete { actions.append(.cancelReply(current.id)) }
        actions.append(.sendEvent(.interrupted))
        if current.audioSent {
            actions += persistAssistantTurn()
        } else if let userText = current.userText {
            carriedUserText = userText  // unanswered: joins the candidate's next utterance
        }
        reply = nil
        playbackEndsAt = nil  // the client drops its queued audio on `interrupted`
        state = .interrupted
        actions += releasePendingTimeWarning(at: now)
        return actions
    }
}
