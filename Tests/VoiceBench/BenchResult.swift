/// The measurements of one benchmark phase.
struct BenchResult {
    /// `streaming (cartesia)`, `sequential (aura)`, …
    var name: String
    /// End of candidate speech → first interviewer audio byte, as the client saw it.
    var clientVoiceToVoice: [Double] = []
    /// The server's own voice-to-voice (`turn_metrics`).
    var serverVoiceToVoice: [Double] = []
    /// The server's overhead (`turn_metrics`).
    var serverOverhead: [Double] = []
    /// Turns that got no answer in time.
    var failures = 0
}
