public import Foundation

/// The query of Deepgram's live transcription socket, `wss://api.deepgram.com/v1/listen?…`.
///
/// Defaults suit an interview: `nova-3`, raw 16 kHz mono `linear16` audio, interim results on
/// (needed for barge-in and for `UtteranceEnd`), 300 ms endpointing, a 1 s utterance-end backup,
/// voice-activity events and smart formatting.
public struct DeepgramLiveOptions: Sendable, Equatable {
    /// How much trailing silence ends an utterance (`speech_final`).
    public enum Endpointing: Sendable, Equatable {
        /// `endpointing=false`: never send `speech_final`.
        case disabled
        /// `endpointing=<ms>`.
        case milliseconds(Int)
    }

    /// Where the real service lives.
    public static let productionBase = "wss://api.deepgram.com"

    /// `model`, e.g. `nova-3`.
    public var model: String
    /// `encoding` of the raw audio the client sends, e.g. `linear16`.
    public var encoding: String
    /// `sample_rate` of that audio, in Hz.
    public var sampleRate: Int
    /// `channels`.
    public var channels: Int
    /// `interim_results`.
    public var interimResults: Bool
    /// `endpointing`.
    public var endpointing: Endpointing
    /// `utterance_end_ms`; `nil` leaves it out (no `UtteranceEnd` messages).
    public var utteranceEndMilliseconds: Int?
    /// `vad_events` (`SpeechStarted` messages).
    public var vadEvents: Bool
    /// `smart_format`.
    public var smartFormat: Bool
    /// `language`; `nil` leaves the server default (`en`).
    public var language: String?
    /// `keyterm` (repeated): terms to favour, e.g. technologies named in the job posting.
    public var keyterms: [String]

    /// Options; see the type's documentation for the defaults.
    public init(
        model: String = "nova-3", encoding: String = "linear16", sampleRate: Int = 16_000, channels: Int = 1,
        interimResults: Bool = true, endpointing: Endpointing = .milliseconds(300), utteranceEndMilliseconds: Int? = 1000,
        vadEvents: Bool = true, smartFormat: Bool = true, language: String? = nil, keyterms: [String] = []
    ) {
        self.model = model
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
        self.interimResults = interimResults
        self.endpointing = endpointing
        self.utteranceEndMilliseconds = utteranceEndMilliseconds
        self.vadEvents = vadEvents
        self.smartFormat = smartFormat
        self.language = language
        self.keyterms = keyterms
    }

    /// The query items, in a stable order; booleans are the strings `true` / `false`.
    public var queryItems: [URLQueryItem] {
        var items = [
            URLQueryItem(name: "model", value: model),
            URLQueryItem(name: "encoding", value: encoding),
            URLQueryItem(name: "sample_rate", value: String(sampleRate)),
            URLQueryItem(name: "channels", value: String(channels)),
            URLQueryItem(name: "interim_results", value: String(interimResults)),
        ]
        switch endpointing {
        case .disabled: items.append(URLQueryItem(name: "endpointing", value: "false"))
        case .milliseconds(let milliseconds): items.append(URLQueryItem(name: "endpointing", value: String(milliseconds)))
        }
        if let utteranceEndMilliseconds {
            items.append(URLQueryItem(name: "utterance_end_ms", value: String(utteranceEndMilliseconds)))
        }
        items.append(URLQueryItem(name: "vad_events", value: String(vadEvents)))
        items.append(URLQueryItem(name: "smart_format", value: String(smartFormat)))
        if let language { items.append(URLQueryItem(name: "language", value: language)) }
        items += keyterms.map { URLQueryItem(name: "keyterm", value: $0) }
        return items
    }

    /// The socket URL under `base` (e.g. a local fake's `ws://127.0.0.1:8081`); `nil` when
    /// `base` is not a URL.
    public func url(base: String = DeepgramLiveOptions.productionBase) -> URL? {
        WireURL.make(base: base, path: "/v1/listen", queryItems: queryItems)
    }
}
