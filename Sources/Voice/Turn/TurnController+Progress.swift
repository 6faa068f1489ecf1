import Conversation
import Foundation

extension TurnController {
    /// The candidate's utterance being accumulated.
    struct Utterance: Sendable {
        /// Final segments since the last end of utterance.
        var finals: [String] = []
        /// The latest interim guess (cleared by each final).
        var interim = ""
        /// Audio time of the end of the last word heard.
        var lastWordEnd: Duration?
        /// When the client signalled the end of speech (a `Finalize` is pending).
        var clientEndOfSpeechAt: ContinuousClock.Instant?

        /// The utterance's text: its finals, then the interim guess of the audio after them.
        var text: String {
            (finals + [interim]).filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    /// What kind of reply is being spoken.
    enum ReplyKind: Sendable, Equatable {
        /// A model answer to the candidate.
        case answer
        /// The opening line.
        case opening
        /// The apology after a failure.
        case apology
        /// The closing line at the time limit.
        case closing
    }

    /// One chunk of a reply and its audio delivery.
    struct ChunkProgress: Sendable {
        /// The text spoken.
        var text: String
        /// When the chunk was handed to text-to-speech (``Action/synthesize(_:)``).
        var readyAt: ContinuousClock.Instant
        /// When its synthesis request was sent, if reported.
        var requestSentAt: ContinuousClock.Instant?
        /// When its first audio arrived.
        var firstByteAt: ContinuousClock.Instant?
        /// Audio bytes of this chunk sent to the client.
        var bytesSent = 0
        /// Audio received before the chunks ahead of it finished, waiting its turn.
        var buffered: [Data] = []
        /// All its audio arrived.
        var finished = false
    }

    /// The reply in progress.
    struct ReplyProgress: Sendable {
        /// Its identifier.
        let id: ReplyID
        /// Its kind.
        let kind: ReplyKind
        /// When it was requested.
        let requestedAt: ContinuousClock.Instant
        /// The candidate text it answers, until persisted (at the first audio byte).
        var userText: String?
        /// Estimated end of the candidate's speech, and how it was estimated (answers only).
        var speechEnd: (at: ContinuousClock.Instant, source: TurnMetrics.SpeechEndSource)?
        /// Cuts the model text into chunks.
        var chunker: SentenceChunker
        /// Removes the closing marker from the model text.
        var markerFilter: ClosingMarkerFilter?
        /// Chunks handed to text-to-speech, in order.
        var chunks: [ChunkProgress] = []
        /// Index of the chunk whose audio is being sent.
        var cursor = 0
        /// No chunk will be added any more.
        var textFinished = false
        /// Some audio was sent.
        var audioSent = false
        /// All audio was sent.
        var generationComplete = false
        /// The interviewer turn was persisted.
        var assistantPersisted = false
        /// Set when the session ends after this reply; such a reply cannot be interrupted.
        var endReason: EndReason?
        /// When a closing reply is given up on.
        var closingDeadline: ContinuousClock.Instant?
        /// When the model request was sent, if reported.
        var llmRequestSentAt: ContinuousClock.Instant?
        /// When the model's first text arrived.
        var firstTokenAt: ContinuousClock.Instant?

        /// The text of the chunks whose audio was (at least partly) sent.
        var spokenText: String {
            chunks.filter { $0.bytesSent > 0 }.map(\.text).joined(separator: " ")
        }
    }
}
