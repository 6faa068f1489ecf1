extension GroqFake {
    /// One step of a scripted streamed answer.
    public enum StreamStep: Sendable {
        /// Send a chunk whose delta carries this content.
        case content(String)
        /// Wait before the next step (the fake notices a client that disconnects meanwhile).
        case pause(Duration)
        /// Send a mid-stream error event, `data: {"error": {...}}`, and end the stream without `[DONE]`.
        case error(type: String, code: String?, message: String)
        /// Close the connection abruptly, without finishing the chunked body.
        case disconnect
    }
}
