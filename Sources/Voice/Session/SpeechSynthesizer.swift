/// Text-to-speech as the session uses it: chunks in, `tts…` controller events out.
protocol SpeechSynthesizer: Sendable {
    /// Starts synthesizing `chunk`; reports `ttsRequestSent`, `ttsAudio`, then
    /// `ttsChunkFinished` or `ttsFailed`.
    func synthesize(_ chunk: TurnController.SpeechChunk)
    /// No more chunks will come for `reply`.
    func finish(_ reply: ReplyID)
    /// Stops everything of `reply` at once; its late audio is dropped.
    func cancel(_ reply: ReplyID)
    /// Releases connections (end of session).
    func close()
}
