public import Foundation

/// The query of Deepgram's pre-recorded transcription, `POST https://api.deepgram.com/v1/listen?…`
/// (providers.md §1.1, §9): the body is the whole recorded file with its container's
/// `Content-Type`; Deepgram detects the codec from the container, so no `encoding`/`sample_rate`.
public struct DeepgramPrerecordedOptions: Sendable, Equatable {
    /// Where the real service lives.
    public static let productionBase = "https://api.deepgram.com"

    /// `model`, e.g. `nova-3` (the live model).
    public var model: String
    /// `smart_format`.
    public var smartFormat: Bool
    /// `punctuate`.
    public var punctuate: Bool
    /// `language`; `nil` leaves the server default (`en`).
    public var language: String?

    /// Options for `model`, with smart formatting and punctuation.
    public init(model: String = "nova-3", smartFormat: Bool = true, punctuate: Bool = true, language: String? = nil) {
        self.model = model
        self.smartFormat = smartFormat
        self.punctuate = punctuate
        self.language = language
    }

    /// The query items, in a stable order; booleans are the strings `true` / `false`.
    public var queryItems: [URLQueryItem] {
        var items = [
            URLQueryItem(name: "model", value: model),
            URLQueryItem(name: "smart_format", value: String(smartFormat)),
            URLQueryItem(name: "punctuate", value: String(punctuate)),
        ]
        if let language { items.append(URLQueryItem(name: "language", value: language)) }
        return items
    }

    /// The endpoint URL under `base`; `nil` when `base` is not a URL.
    public func url(base: String = DeepgramPrerecordedOptions.productionBase) -> URL? {
        WireURL.make(base: base, path: "/v1/listen", queryItems: queryItems)
    }
}
