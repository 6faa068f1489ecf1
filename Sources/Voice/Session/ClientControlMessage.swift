import Foundation

/// A JSON text frame from the candidate's client.
///
/// - `{"type": "start", "encoding": "linear16", "sampleRate": 16000}` — optional, before any
///   audio: declares the audio format (default linear16, 16 kHz, mono);
/// - `{"type": "end_of_speech"}` — the client's voice detector (or push-to-talk release) says the
///   candidate stopped talking: the recognizer finalizes at once;
/// - `{"type": "playback_finished"}` — the client played all interviewer audio it received;
/// - `{"type": "end"}` — the candidate ends the interview.
struct ClientControlMessage: Decodable, Sendable {
    /// Encodings Deepgram accepts for raw audio.
    static let encodings: Set<String> = ["linear16", "linear32", "flac", "alaw", "mulaw", "amr-nb", "amr-wb", "opus", "ogg-opus", "speex", "g729"]

    /// `start`, `end_of_speech`, `playback_finished` or `end`.
    var type: String
    /// `start`: the audio encoding.
    var encoding: String?
    /// `start`: the sample rate in Hz.
    var sampleRate: Int?
    /// `start`: channels.
    var channels: Int?

    /// Parses a frame; `nil` when it is not a control message.
    static func parse(_ text: String) -> ClientControlMessage? {
        guard let message = try? JSONDecoder().decode(ClientControlMessage.self, from: Data(text.utf8)) else { return nil }
        switch message.type {
        case "start":
            if let encoding = message.encoding, !encodings.contains(encoding) { return nil }
            if let rate = message.sampleRate, !(8000...48_000).contains(rate) { return nil }
            if let channels = message.channels, !(1...2).contains(channels) { return nil }
            return message
        case "end_of_speech", "playback_finished", "end":
            return message
        default:
            return nil
        }
    }
}
