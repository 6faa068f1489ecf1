import Metrics

/// Prometheus histograms of the voice pipeline (swift-metrics timers, exported by `/metrics`).
struct VoiceMetrics: Sendable {
    private let sttFinal: Metrics.Timer
    private let llmFirstToken: Metrics.Timer
    private let ttsFirstByte: Metrics.Timer
    private let voiceToVoice: Metrics.Timer
    private let serverOverhead: Metrics.Timer
    private let sessions: Counter

    /// Metrics labelled with the TTS provider in use.
    init(ttsProvider: String) {
        let dimensions = [("tts", ttsProvider)]
        sttFinal = Metrics.Timer(label: "vantahire_voice_stt_final_latency_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        llmFirstToken = Metrics.Timer(label: "vantahire_voice_llm_time_to_first_token_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        ttsFirstByte = Metrics.Timer(label: "vantahire_voice_tts_time_to_first_byte_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        voiceToVoice = Metrics.Timer(label: "vantahire_voice_to_voice_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        serverOverhead = Metrics.Timer(label: "vantahire_voice_server_overhead_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        sessions = Counter(label: "vantahire_voice_sessions_total", dimensions: dimensions)
    }

    /// Records one answer's latencies.
    func record(_ metrics: TurnMetrics) {
        sttFinal.recordNanoseconds(Self.nanoseconds(metrics.sttFinalLatency))
        llmFirstToken.recordNanoseconds(Self.nanoseconds(metrics.llmTimeToFirstToken))
        ttsFirstByte.recordNanoseconds(Self.nanoseconds(metrics.ttsTimeToFirstByte))
        voiceToVoice.recordNanoseconds(Self.nanoseconds(metrics.voiceToVoice))
        serverOverhead.recordNanoseconds(Self.nanoseconds(metrics.serverOverhead))
    }

    /// Counts a started session.
    func sessionStarted() {
        sessions.increment()
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
