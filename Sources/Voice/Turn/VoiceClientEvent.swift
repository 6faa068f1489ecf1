import Conversation
/// A JSON event sent to the candidate's client on the voice socket (audio goes in binary frames).
///
/// Shapes (`type` values are snake case, fields camel case):
/// - `{"type": "transcript", "text": "…", "isFinal": false}` — caption of the candidate's speech;
/// - `{"type": "assistant", "text": "…"}` — caption of the interviewer chunk whose audio starts now;
/// - `{"type": "interrupted"}` — the candidate interrupted: drop all queued interviewer audio;
/// - `{"type": "time_warning", "remainingSeconds": 120}`;
/// - `{"type": "ended", "reason": "time_limit"}` — play the queued audio, then close;
/// - `{"type": "turn_metrics", "reply": 3, "sttFinalMs": 152.1, "llmTtftMs": 201.3, "firstChunkDelayMs": 60.2,
///   "ttsTtfbMs": 90.4, "voiceToVoiceMs": 507.9, "serverOverheadMs": 64.1, "speechEndSource": "audio_timestamps"}`;
/// - `{"type": "error", "code": "reply_failed", "message": "…"}`.
public enum VoiceClientEvent: Sendable, Equatable, Encodable {
    /// Error categories reported to the client.
    public enum ErrorCode: String, Sendable, Equatable, Encodable {
        /// The language model failed or returned nothing to say.
        case replyFailed = "reply_failed"
        /// Text-to-speech failed.
        case speechFailed = "speech_failed"
        /// Speech-to-text failed.
        case transcriptionFailed = "transcription_failed"
        /// A provider key is not configured (the message names the variable).
        case providerNotConfigured = "provider_not_configured"
        /// The interview token is missing, invalid or expired.
        case unauthorized = "unauthorized"
        /// The token is for another interview.
        case forbidden = "forbidden"
        /// No such interview.
        case notFound = "not_found"
        /// The interview is over or expired.
        case interviewClosed = "interview_closed"
        /// The interview is a text interview, not a voice one.
        case notVoiceInterview = "not_voice_interview"
        /// Another live session of this interview is open.
        case sessionInProgress = "session_in_progress"
        /// The process has no room for another session.
        case overloaded = "overloaded"
        /// A frame was neither audio nor a known control message.
        case invalidMessage = "invalid_message"
        /// A frame was too large.
        case frameTooLarge = "frame_too_large"
        /// A recorded clip was larger than `VOICE_MAX_CLIP_BYTES` (the session goes on).
        case clipTooLarge = "clip_too_large"
        /// Speech-to-text could not decode a recorded clip (the session goes on).
        case clipUnreadable = "clip_unreadable"
        /// A clip arrived while two others were still being transcribed (the session goes on).
        case tooManyClips = "too_many_clips"
        /// A recorded clip held no recognisable speech (the session goes on).
        case noSpeech = "no_speech"
        /// An unexpected server failure.
        case internalError = "internal_error"
    }

    /// Caption of the candidate's speech.
    case transcript(text: String, isFinal: Bool)
    /// Caption of the interviewer chunk whose audio starts now.
    case assistant(text: String)
    /// The interviewer stopped because the candidate spoke.
    case interrupted
    /// Little time is left.
    case timeWarning(remaining: Duration)
    /// The interview is over.
    case ended(EndReason)
    /// The latency breakdown of an answer, sent with its first audio.
    case turnMetrics(TurnMetrics)
    /// Something failed; the message is safe to show (no provider details).
    case error(ErrorCode, message: String)

    /// The `type` field.
    public var type: String {
        switch self {
        case .transcript: "transcript"
        case .assistant: "assistant"
        case .interrupted: "interrupted"
        case .timeWarning: "time_warning"
        case .ended: "ended"
        case .turnMetrics: "turn_metrics"
        case .error: "error"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, text, isFinal, remainingSeconds, reason, code, message
        case reply, sttFinalMs, llmTtftMs, firstChunkDelayMs, ttsTtfbMs, voiceToVoiceMs, serverOverheadMs, speechEndSource
    }

    /// Writes the event in the shape documented on the type.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .transcript(let text, let isFinal):
            try container.encode(text, forKey: .text)
            try container.encode(isFinal, forKey: .isFinal)
        case .assistant(let text):
            try container.encode(text, forKey: .text)
        case .interrupted:
            break
        case .timeWarning(let remaining):
            try container.encode(max(0, remaining.components.seconds), forKey: .remainingSeconds)
        case .ended(let reason):
            try container.encode(reason, forKey: .reason)
        case .turnMetrics(let metrics):
            let figures = metrics.milliseconds
            try container.encode(metrics.reply.value, forKey: .reply)
            try container.encode(figures["stt_final_ms"] ?? 0, forKey: .sttFinalMs)
            try container.encode(figures["llm_ttft_ms"] ?? 0, forKey: .llmTtftMs)
            try container.encode(figures["first_chunk_delay_ms"] ?? 0, forKey: .firstChunkDelayMs)
            try container.encode(figures["tts_ttfb_ms"] ?? 0, forKey: .ttsTtfbMs)
            try container.encode(figures["voice_to_voice_ms"] ?? 0, forKey: .voiceToVoiceMs)
            try container.encode(figures["server_overhead_ms"] ?? 0, forKey: .serverOverheadMs)
            try container.encode(metrics.speechEndSource.rawValue, forKey: .speechEndSource)
        case .error(let code, let message):
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
        }
    }
}
