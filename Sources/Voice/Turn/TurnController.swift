import Conversation
/// The turn-taking and barge-in logic of a live voice interview, as a pure state machine.
///
/// The caller (the session actor owning the sockets) reports everything that happens as an
/// ``Event`` with the instant it happened, and performs the returned ``Action``s in order. The
/// controller does no I/O and reads no clock, so every behaviour is testable with synthetic
/// instants.
///
/// A turn, in the streaming pipeline:
/// 1. transcripts accumulate while the candidate speaks (``State/userSpeaking``); the utterance
///    ends at a final with `speech_final`, at `UtteranceEnd`, or at the final that answers a
///    `Finalize` sent after the client's end-of-speech signal;
/// 2. ``Action/startReply(_:)`` asks the model for an answer (``State/thinking``); its streamed
///    text goes through the ``ClosingMarkerFilter`` and the ``SentenceChunker``, and each
///    complete chunk is handed to text-to-speech at once (``Action/synthesize(_:)``);
/// 3. audio is sent to the client in chunk order (``State/speaking``); the first byte persists
///    the candidate's turn and emits the ``TurnMetrics``;
/// 4. once all audio is sent the interviewer turn is persisted, and once the client has played it
///    (reported, or estimated from the audio length) the floor returns to the candidate.
///
/// Barge-in: while thinking or speaking, a transcript that meets the ``BargeInThreshold`` cancels
/// the reply, tells the client to drop queued audio (`interrupted`) and persists only the chunks
/// whose audio was sent. If nothing was sent yet, the candidate's unanswered text is carried over
/// and prepended to their next utterance, so the transcript keeps one user turn per answer.
public struct TurnController: Sendable {
    /// Monotonic instants of events.
    public typealias Instant = ContinuousClock.Instant

    /// The settings in force.
    public let configuration: Configuration
    /// Who has the floor.
    public internal(set) var state: State = .listening

    /// The candidate's utterance being accumulated.
    var utterance = Utterance()
    /// Candidate text whose answer was cancelled before any audio; prepended to the next utterance.
    var carriedUserText: String?
    /// The reply in progress.
    var reply: ReplyProgress?
    /// Number of the next reply.
    var nextReplyNumber = 1
    /// When the speech-to-text stream's audio time 0 was.
    var audioEpoch: Instant?
    /// Estimated end of the client's playback of all interviewer audio sent so far.
    var playbackEndsAt: Instant?
    /// The hearing apology is due once the reply in progress is over.
    var pendingHearingApology = false
    /// A time warning held back while the interviewer speaks: remaining time, and when it was due.
    var pendingTimeWarning: (remaining: Duration, dueAt: Instant)?
    /// The time warning was given: ask the model to wrap up.
    var wrapUp = false
    /// ``Event/started(openingLine:)`` was handled.
    var started = false

    /// A controller in ``State/listening``.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Handles `event`, which happened at `now`, and returns the actions to perform in order.
    /// Events after the session ended, and events of replies that are no longer current, are
    /// ignored.
    public mutating func handle(_ event: Event, at now: Instant) -> [Action] {
        guard state != .ended else { return [] }
        var actions = settleTimers(at: now)
        guard state != .ended else { return actions }

        switch event {
        case .started(let openingLine):
            actions += start(openingLine: openingLine, at: now)
        case .sttStreamStarted:
            audioEpoch = now
        case .clientDisconnected:
            actions += endSession(.clientDisconnected, at: now)
        case .candidateEndedInterview:
            actions += endSession(.candidateEnded, at: now)

        case .speechStarted:
            if state == .listening { state = .userSpeaking }
        case .transcript(let transcript):
            actions += receive(transcript, at: now)
        case .utteranceEnd(let lastWordEnd):
            actions += utteranceEnded(lastWordEnd: lastWordEnd, at: now)
        case .clientEndOfSpeech:
            actions += clientEndedSpeech(at: now)
        case .sttFailed:
            actions += speechRecognitionFailed(at: now)

        case .llmRequestSent(let id):
            if reply?.id == id, reply?.llmRequestSentAt == nil { reply?.llmRequestSentAt = now }
        case .llmDelta(let id, let text):
            actions += receiveModelText(text, for: id, at: now)
        case .llmFinished(let id):
            actions += modelFinished(id, at: now)
        case .llmFailed(let id, _):
            if reply?.id == id, reply?.kind == .answer, reply?.textFinished == false {
                actions += failReply(.replyFailed, at: now)
            }
        case .assistantClosingDetected(let id):
            actions += markClosing(id, at: now)

        case .ttsRequestSent(let id, let index):
            if reply?.id == id, let chunk = reply?.chunks[safe: index], chunk.requestSentAt == nil {
                reply?.chunks[index].requestSentAt = now
            }
        case .ttsAudio(let id, let index, let data):
            actions += receiveAudio(data, for: id, chunk: index, at: now)
        case .ttsChunkFinished(let id, let index):
            actions += chunkFinished(id, chunk: index, at: now)
        case .ttsFailed(let id, let index, _):
            if reply?.id == id, let chunk = reply?.chunks[safe: index], !chunk.finished {
                actions += failReply(.speechFailed, at: now)
            }

        case .playbackFinished:
            if reply?.generationComplete == true { actions += completeReply(at: now) }
        case .timeWarningDue(let remaining):
            actions += timeWarningDue(remaining: remaining, at: now)
        case .timeLimitReached:
            actions += timeLimitReached(at: now)
        case .wakeUp:
            break  // the timers were settled above
        }
        return actions
    }

    /// Applies what time alone decides: a closing reply past its deadline ends the session, and
    /// a fully sent reply whose playback is over gives the floor back.
    private mutating func settleTimers(at now: Instant) -> [Action] {
        guard let reply else { return [] }
        if let deadline = reply.closingDeadline, now >= deadline {
            return endSession(reply.endReason ?? .timeLimit, at: now)
        }
        if reply.generationComplete, now >= (playbackEndsAt ?? now) + configuration.playbackGrace {
            return completeReply(at: now)
        }
        return []
    }

    /// Speaks the opening line, once.
    private mutating func start(openingLine: String?, at now: Instant) -> [Action] {
        guard !started, reply == nil else { return [] }
        started = true
        guard let openingLine, !openingLine.isEmpty else { return [] }
        return startScripted(.opening, text: openingLine, at: now)
    }
}
