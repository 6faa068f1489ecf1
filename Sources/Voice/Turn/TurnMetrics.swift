/// Latency breakdown of one interviewer answer, emitted when its first audio byte is sent.
///
/// The timeline of a turn, and what each figure measures:
///
/// ```
/// speech end ─► turn detected ─► LLM request sent ─► first token ─► first chunk ─► TTS request sent ─► first TTS byte ─► first byte sent
///   │◄─ sttFinalLatency ─►│                │◄ llmTimeToFirstToken ►│◄ firstChunkDelay ►│               │◄ ttsTimeToFirstByte ►│
///   │◄──────────────────────────────────────────── voiceToVoice ───────────────────────────────────────────────────────────────►│
/// ```
///
/// `serverOverhead` is what remains of `voiceToVoice` once the providers' own time is removed
/// (speech-to-text, the model's first token and first complete sentence — `firstChunkDelay` is
/// token generation — and text-to-speech's first byte): our own queueing between receiving an
/// event and sending the next request or audio frame. Provider latencies start at the
/// request-sent events when the caller reports them, else at the action that asked for the
/// request.
public struct TurnMetrics: Sendable, Equatable {
    /// How the end of the candidate's speech was estimated.
    public enum SpeechEndSource: String, Sendable, Equatable {
        /// From the recognised words' audio timestamps (the most precise).
        case audioTimestamps = "audio_timestamps"
        /// From the client's end-of-speech signal.
        case clientEndOfSpeech = "client_end_of_speech"
        /// No better estimate: the moment the end of the turn was detected (STT latency then reads 0).
        case turnDetection = "turn_detection"
    }

    /// The answer measured.
    public var reply: ReplyID
    /// How `speech end` was estimated.
    public var speechEndSource: SpeechEndSource
    /// End of candidate speech → end of turn detected (endpointing wait plus final transcription).
    public var sttFinalLatency: Duration
    /// Model request → first token.
    public var llmTimeToFirstToken: Duration
    /// First token → first complete speakable chunk.
    public var firstChunkDelay: Duration
    /// Text-to-speech request of the first spoken chunk → its first audio byte.
    public var ttsTimeToFirstByte: Duration
    /// End of candidate speech → first audio byte sent to the candidate.
    public var voiceToVoice: Duration

    /// A measurement.
    public init(
        reply: ReplyID, speechEndSource: SpeechEndSource, sttFinalLatency: Duration, llmTimeToFirstToken: Duration,
        firstChunkDelay: Duration, ttsTimeToFirstByte: Duration, voiceToVoice: Duration
    ) {
        self.reply = reply
        self.speechEndSource = speechEndSource
        self.sttFinalLatency = sttFinalLatency
        self.llmTimeToFirstToken = llmTimeToFirstToken
        self.firstChunkDelay = firstChunkDelay
        self.ttsTimeToFirstByte = ttsTimeToFirstByte
        self.voiceToVoice = voiceToVoice
    }

    /// `voiceToVoice` minus the STT, LLM (first token and first sentence) and TTS latencies.
    public var serverOverhead: Duration {
        voiceToVoice - sttFinalLatency - llmTimeToFirstToken - firstChunkDelay - ttsTimeToFirstByte
    }

    /// The figures in milliseconds, keyed for logs and metrics (`voice_to_voice_ms`, …).
    public var milliseconds: [String: Double] {
        [
            "stt_final_ms": Self.milliseconds(sttFinalLatency),
            "llm_ttft_ms": Self.milliseconds(llmTimeToFirstToken),
            "first_chunk_delay_ms": Self.milliseconds(firstChunkDelay),
            "tts_ttfb_ms": Self.milliseconds(ttsTimeToFirstByte),
            "voice_to_voice_ms": Self.milliseconds(voiceToVoice),
            "server_overhead_ms": Self.milliseconds(serverOverhead),
        ]
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
