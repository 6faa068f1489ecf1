import Conversation
import Foundation

extension TurnController {
    // MARK: - Starting replies

    /// Asks the model to answer `userText`.
    mutating func startAnswer(
        to userText: String, speechEnd: (at: Instant, source: TurnMetrics.SpeechEndSource), at now: Instant
    ) -> [Action] {
        let id = makeReplyID()
        var progress = ReplyProgress(
            id: id, kind: .answer, requestedAt: now, chunker: SentenceChunker(configuration: configuration.chunking),
            markerFilter: configuration.closingMarker.map { ClosingMarkerFilter(marker: $0) })
        progress.userText = userText
        progress.speechEnd = speechEnd
        reply = progress
        state = .thinking
        return [.startReply(ReplyRequest(id: id, userText: userText, wrapUp: wrapUp))]
    }

    /// Speaks a fixed line (opening, apology, closing).
    mutating func startScripted(_ kind: ReplyKind, text: String, endReason: EndReason? = nil, at now: Instant) -> [Action] {
        let id = makeReplyID()
        var chunker = SentenceChunker(configuration: configuration.chunking)
        let texts = chunker.feed(text) + chunker.finish()
        var progress = ReplyProgress(id: id, kind: kind, requestedAt: now, chunker: chunker, markerFilter: nil)
        progress.textFinished = true
        progress.endReason = endReason
        reply = progress
        state = .thinking

        var actions = appendChunks(texts, at: now)
        actions.append(.finishSynthesis(id))
        if endReason != nil { actions += armClosingDeadline(at: now) }
        actions += advanceAudio(at: now)  // a line with nothing to say completes at once
        return actions
    }

    /// A fresh reply identifier.
    private mutating func makeReplyID() -> ReplyID {
        defer { nextReplyNumber += 1 }
        return ReplyID(nextReplyNumber)
    }

    /// Hands new chunks of the current reply to text-to-speech.
    private mutating func appendChunks(_ texts: [String], at now: Instant) -> [Action] {
        guard let id = reply?.id else { return [] }
        var actions: [Action] = []
        for text in texts {
            let index = reply?.chunks.count ?? 0
            reply?.chunks.append(ChunkProgress(text: text, readyAt: now))
            actions.append(.synthesize(SpeechChunk(reply: id, index: index, text: text)))
        }
        return actions
    }

    /// Gives a closing reply a deadline after which the session ends anyway.
    private mutating func armClosingDeadline(at now: Instant) -> [Action] {
        guard reply?.closingDeadline == nil else { return [] }
        let deadline = now + configuration.closingTimeout
        reply?.closingDeadline = deadline
        return [.scheduleWakeUp(at: deadline)]
    }

    // MARK: - Model stream

    /// Streams model text through the marker filter and the chunker.
    mutating func receiveModelText(_ text: String, for id: ReplyID, at now: Instant) -> [Action] {
        guard var current = reply, current.id == id, current.kind == .answer, !current.textFinished else { return [] }
        if current.firstTokenAt == nil && !text.isEmpty { current.firstTokenAt = now }
        var visible = text
        var closingSeen = false
        if var filter = current.markerFilter {
            visible = filter.feed(text)
            closingSeen = filter.closingDetected
            current.markerFilter = filter
        }
        let texts = current.chunker.feed(visible)
        reply = current
        var actions = appendChunks(texts, at: now)
        if closingSeen { actions += markClosing(id, at: now) }
        return actions
    }

    /// The model finished: flush the last chunk.
    mutating func modelFinished(_ id: ReplyID, at now: Instant) -> [Action] {
        guard var current = reply, current.id == id, current.kind == .answer, !current.textFinished else { return [] }
        var rest = ""
        if var filter = current.markerFilter {
            rest = filter.finish()
            current.markerFilter = filter
        }
        let texts = current.chunker.feed(rest) + current.chunker.finish()
        current.textFinished = true
        reply = current

        var actions = appendChunks(texts, at: now)
        actions.append(.finishSynthesis(id))
        if reply?.chunks.isEmpty == true {
            // Nothing to say: a bare closing marker ends the interview, anything else is a failure.
            if reply?.endReason != nil { return actions + endSession(.interviewerClosed, at: now) }
            return actions + failReply(.replyFailed, at: now)
        }
        return actions + advanceAudio(at: now)
    }

    /// The current answer is the interviewer's goodbye: end the session once it is spoken.
    mutating func markClosing(_ id: ReplyID, at now: Instant) -> [Action] {
        guard reply?.id == id, reply?.kind == .answer, reply?.endReason == nil else { return [] }
        reply?.endReason = .interviewerClosed
        return armClosingDeadline(at: now)
    }

    // MARK: - Audio

    /// Sends audio of the chunk being played, or buffers audio of a later chunk.
    mutating func receiveAudio(_ data: Data, for id: ReplyID, chunk index: Int, at now: Instant) -> [Action] {
        guard let current = reply, current.id == id, let chunk = current.chunks[safe: index], !chunk.finished,
            !data.isEmpty
        else { return [] }
        if chunk.firstByteAt == nil { reply?.chunks[index].firstByteAt = now }
        guard index == current.cursor else {
            reply?.chunks[index].buffered.append(data)
            return []
        }
        return sendAudio(data, chunk: index, at: now)
    }

    /// A chunk's audio is complete: move on to the next chunk's buffered audio.
    mutating func chunkFinished(_ id: ReplyID, chunk index: Int, at now: Instant) -> [Action] {
        guard reply?.id == id, let chunk = reply?.chunks[safe: index], !chunk.finished else { return [] }
        reply?.chunks[index].finished = true
        return advanceAudio(at: now)
    }

    /// Sends the buffered audio of every chunk whose turn has come; when all audio is sent,
    /// persists the interviewer turn and waits for the end of playback.
    mutating func advanceAudio(at now: Instant) -> [Action] {
        guard var current = reply else { return [] }
        var actions: [Action] = []
        while current.cursor < current.chunks.count && current.chunks[current.cursor].finished {
            current.cursor += 1
            guard current.cursor < current.chunks.count else { break }
            let buffered = current.chunks[current.cursor].buffered
            guard !buffered.isEmpty else { continue }
            current.chunks[current.cursor].buffered = []
            reply = current
            for data in buffered { actions += sendAudio(data, chunk: current.cursor, at: now) }
            guard let updated = reply else { return actions }
            current = updated
        }
        reply = current
        guard current.textFinished, current.cursor >= current.chunks.count, !current.generationComplete else { return actions }

        reply?.generationComplete = true
        actions += persistAssistantTurn()
        let playbackOver = (playbackEndsAt ?? now) + configuration.playbackGrace
        if !current.audioSent || now >= playbackOver {
            return actions + completeReply(at: now)
        }
        return actions + [.scheduleWakeUp(at: playbackOver)]
    }

    /// Sends `data` of chunk `index` of the current reply to the client.
    private mutating func sendAudio(_ data: Data, chunk index: Int, at now: Instant) -> [Action] {
        guard var current = reply, current.chunks.indices.contains(index) else { return [] }
        var actions: [Action] = []
        if current.chunks[index].bytesSent == 0 {
            actions.append(.sendEvent(.assistant(text: current.chunks[index].text)))
        }
        actions.append(.sendAudio(data))
        current.chunks[index].bytesSent += data.count

        if !current.audioSent {
            current.audioSent = true
            state = .speaking
            if let userText = current.userText {
                actions.append(.persist(.user(userText)))
                current.userText = nil
            }
            if let metrics = Self.metrics(of: current, firstSpokenChunk: index, at: now) {
                actions.append(.recordMetrics(metrics))
            }
        }
        reply = current

        let start = max(playbackEndsAt ?? now, now)
        playbackEndsAt = start + .nanoseconds(Int64(data.count) * 1_000_000_000 / Int64(configuration.audioBytesPerSecond))
        return actions
    }

    /// The latency breakdown of an answer whose first audio (of chunk `index`) is sent at `now`.
    private static func metrics(of reply: ReplyProgress, firstSpokenChunk index: Int, at now: Instant) -> TurnMetrics? {
        guard reply.kind == .answer, let speechEnd = reply.speechEnd, let first = reply.chunks.first,
            let spoken = reply.chunks[safe: index]
        else { return nil }
        let firstToken = reply.firstTokenAt ?? first.readyAt
        return TurnMetrics(
            reply: reply.id,
            speechEndSource: speechEnd.source,
            sttFinalLatency: reply.requestedAt - speechEnd.at,
            llmTimeToFirstToken: firstToken - (reply.llmRequestSentAt ?? reply.requestedAt),
            firstChunkDelay: first.readyAt - firstToken,
            ttsTimeToFirstByte: (spoken.firstByteAt ?? now) - (spoken.requestSentAt ?? spoken.readyAt),
            voiceToVoice: now - speechEnd.at)
    }

    // MARK: - Ending replies

    /// The client has played the whole reply: the floor returns to the candidate (or the
    /// session ends after a closing reply).
    mutating func completeReply(at now: Instant) -> [Action] {
        guard let current = reply else { return [] }
        var actions = persistUserTurnOfReply() + persistAssistantTurn()
        reply = nil
        if let endReason = current.endReason { return actions + endSession(endReason, at: now) }
        state = .listening
        actions += releasePendingTimeWarning(at: now)
        return actions + releasePendingHearingApology(at: now)
    }

    /// The model or text-to-speech failed: keep what was said, report, apologise.
    mutating func failReply(_ code: VoiceClientEvent.ErrorCode, at now: Instant) -> [Action] {
        guard let current = reply else { return [] }
        var actions: [Action] = []
        if !current.generationComplete { actions.append(.cancelReply(current.id)) }
        actions += persistUserTurnOfReply() + persistAssistantTurn()
        reply = nil
        let message = code == .speechFailed ? "The interviewer's voice failed." : "The interviewer could not answer."
        actions.append(.sendEvent(.error(code, message: message)))
        if let endReason = current.endReason { return actions + endSession(endReason, at: now) }
        if current.kind == .answer && !configuration.apologyLine.isEmpty {
            return actions + startScripted(.apology, text: configuration.apologyLine, at: now)
        }
        state = .listening
        return actions + releasePendingTimeWarning(at: now) + releasePendingHearingApology(at: now)
    }

    /// Persists the candidate text of the current reply if it was not yet.
    mutating func persistUserTurnOfReply() -> [Action] {
        guard let userText = reply?.userText else { return [] }
        reply?.userText = nil
        return [.persist(.user(userText))]
    }

    /// Persists the interviewer text actually sent as audio, once.
    mutating func persistAssistantTurn() -> [Action] {
        guard let current = reply, !current.assistantPersisted else { return [] }
        reply?.assistantPersisted = true
        let text = current.spokenText
        return text.isEmpty ? [] : [.persist(.assistant(text))]
    }
}
