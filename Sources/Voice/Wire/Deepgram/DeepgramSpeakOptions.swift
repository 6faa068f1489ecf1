public import Foundation

/// The query of Deepgram Aura's REST text-to-speech, `POST https://api.deepgram.com/v1/speak?…`,
/// always asking for raw (headerless) 16-bit little-endian PCM: `encoding=linear16` with
/// `container=none` (without it linear16 comes back as a WAV file).
///
/// The body is a ``DeepgramSpeakRequest``; the response streams the audio as it is generated.
public struct DeepgramSpeakOptions: Sendable, Equatable {
    /// Where the real service lives.
    public static let productionBase = "https://api.deepgram.com"

    /// `model`: the voice, e.g. `aura-2-thalia-en` or `aura-asteria-en`.
    public var model: String
    /// `sample_rate` in Hz (linear16: 8000, 16000, 24000, 32000 or 48000).
    public var sampleRate: Int

    /// Options for `model` at `sampleRate`.
    public init(model: String = "aura-2-thalia-en", sampleRate: Int = 24_000) {
        self.model = model
        self.sampleRate = sampleRate
    }

    /// `model`, `encoding=linear16`, `sample_rate`, `container=none`.
    public var queryItems: [URLQueryItem] {
        [
            URLQueryItem(name: "model", value: model),
            URLQueryItem(name: "encoding", value: "linear16"),
            URLQueryItem(name: "sample_rate", value: String(sampleRate)),
            URLQueryItem(name: "container", value: "none"),
        ]
    }

    /// The endpoint URL under `base`; `nil` when `base` is not a URL.
    public func url(base: String = DeepgramSpeakOptions.productionBase) -> URL? {
        WireURL.make(base: base, path: "/v1/speak", queryItems: queryItems)
    }
}
