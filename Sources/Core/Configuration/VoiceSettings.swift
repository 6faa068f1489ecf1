import Foundation

/// Settings of the `voice` role (live voice interviews): where the speech and language
/// providers live, which models and voices to use, and the session limits.
///
/// Provider keys stay in ``ProviderCredentials`` (`DEEPGRAM_API_KEY`, `CARTESIA_API_KEY`,
/// `GROQ_API_KEY`); a missing key is not a start-up error: each session reports it clearly.
public struct VoiceSettings: Sendable {
    /// `VOICE_HOST` (default: `HOST`).
    public var host: String
    /// `VOICE_PORT`: the `voice` role's HTTP/WebSocket port (default: `PORT`, so a platform that
    /// gives each service its own `PORT`, like Railway, needs nothing more).
    public var port: Int
    /// `VOICE_URL`: the private base URL of the `voice` role (e.g.
    /// `http://voice.railway.internal:8081`) that the `api` role forwards the voice socket to;
    /// unset: the `api` role refuses the voice socket with `voice_unavailable`.
    public var upstreamURL: URL?
    /// `DEEPGRAM_BASE_URL` (default `https://api.deepgram.com`): speech-to-text (its WebSocket is
    /// the same URL with `wss`/`ws`) and Aura text-to-speech.
    public var deepgramBaseURL: URL
    /// `CARTESIA_BASE_URL` (default `https://api.cartesia.ai`): the TTS WebSocket lives at the
    /// same host with `wss`/`ws`.
    public var cartesiaBaseURL: URL
    /// `DEEPGRAM_STT_MODEL` (default `nova-3`).
    public var sttModel: String
    /// `DEEPGRAM_TTS_MODEL`: the Aura voice (default `aura-2-thalia-en`).
    public var ttsModel: String
    /// `CARTESIA_VOICE_ID` (default a stock English voice).
    public var cartesiaVoiceID: String
    /// `CARTESIA_MODEL` (default `sonic-2`).
    public var cartesiaModel: String
    /// `CARTESIA_VERSION` (default `2025-04-16`).
    public var cartesiaVersion: String
    /// `VOICE_MAX_SESSIONS`: live sessions one process accepts (default 200).
    public var maxSessions: Int
    /// `VOICE_MAX_FRAME_BYTES`: largest streamed-audio or text message from the client (default 65536).
    public var maxFrameBytes: Int
    /// `VOICE_MAX_CLIP_BYTES`: largest recorded clip (clip mode) the client may send (default 4 MiB).
    public var maxClipBytes: Int
    /// `VOICE_ENDPOINTING_MS`: trailing silence that ends the candidate's utterance (default 300).
    public var endpointingMilliseconds: Int
    /// `VOICE_UTTERANCE_END_MS`: backup end of utterance without `speech_final` (default 1000).
    public var utteranceEndMilliseconds: Int
    /// `VOICE_TIME_WARNING_SECONDS`: how long before the time limit the candidate is warned (default 60).
    public var timeWarningLead: Duration
    /// `VOICE_KEEPALIVE_SECONDS`: KeepAlive period on the speech-to-text socket while no audio flows (default 4).
    public var keepAliveInterval: Duration

    /// The largest WebSocket message a voice socket reads at all (twice the larger of the clip
    /// limit and four streamed frames): anything larger closes the socket with 1009 without an
    /// event; between the limits the session answers an `error` event.
    public var maxMessageBytes: Int { 2 * max(maxClipBytes, maxFrameBytes * 4) }

    /// Reads the voice variables; `host` and `port` are the process-wide `HOST` and `PORT`.
    public init(environment env: Environment, host: String, port defaultPort: Int) throws(ConfigurationError) {
        self.host = env["VOICE_HOST"] ?? host
        port = try AppConfiguration.integer(env, "VOICE_PORT", default: defaultPort, range: 0...65535)
        upstreamURL = try Self.upstream(env["VOICE_URL"])
        deepgramBaseURL = try Self.url(env, "DEEPGRAM_BASE_URL", default: "https://api.deepgram.com")
        cartesiaBaseURL = try Self.url(env, "CARTESIA_BASE_URL", default: "https://api.cartesia.ai")
        sttModel = env["DEEPGRAM_STT_MODEL"] ?? "nova-3"
        ttsModel = env["DEEPGRAM_TTS_MODEL"] ?? "aura-2-thalia-en"
        cartesiaVoiceID = env["CARTESIA_VOICE_ID"] ?? "a0e99841-438c-4a64-b679-ae501e7d6091"
        cartesiaModel = env["CARTESIA_MODEL"] ?? "sonic-2"
        cartesiaVersion = env["CARTESIA_VERSION"] ?? "2025-04-16"
        maxSessions = try AppConfiguration.integer(env, "VOICE_MAX_SESSIONS", default: 200, range: 1...100_000)
        maxFrameBytes = try AppConfiguration.integer(env, "VOICE_MAX_FRAME_BYTES", default: 65_536, range: 1024...16_777_216)
        maxClipBytes = try AppConfiguration.integer(env, "VOICE_MAX_CLIP_BYTES", default: 4 << 20, range: 65_536...67_108_864)
        endpointingMilliseconds = try AppConfiguration.integer(env, "VOICE_ENDPOINTING_MS", default: 300, range: 10...5000)
        utteranceEndMilliseconds = try AppConfiguration.integer(env, "VOICE_UTTERANCE_END_MS", default: 1000, range: 1000...10_000)
        timeWarningLead = .seconds(try AppConfiguration.integer(env, "VOICE_TIME_WARNING_SECONDS", default: 60, range: 0...3600))
        keepAliveInterval = .seconds(try AppConfiguration.integer(env, "VOICE_KEEPALIVE_SECONDS", default: 4, range: 1...9))
    }

    /// `VOICE_URL`: an http(s) or ws(s) origin with an optional base path, no query or fragment.
    private static func upstream(_ text: String?) throws(ConfigurationError) -> URL? {
        guard let text, !text.isEmpty else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https", "ws", "wss"].contains(scheme), components.host?.isEmpty == false,
              components.query == nil, components.fragment == nil, components.user == nil, let url = components.url
        else {
            throw ConfigurationError(
                "VOICE_URL", "must be the voice service's http(s) or ws(s) base URL such as http://voice.railway.internal:8081, got '\(text)'")
        }
        return url
    }

    private static func url(_ env: Environment, _ name: String, default value: String) throws(ConfigurationError) -> URL {
        let text = env[name] ?? value
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https", "ws", "wss"].contains(scheme), components.host?.isEmpty == false,
              let url = components.url
        else {
            throw ConfigurationError(name, "must be an http(s) or ws(s) URL, got '\(text)'")
        }
        return url
    }
}
