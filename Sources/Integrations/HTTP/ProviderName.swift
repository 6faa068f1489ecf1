/// The name of a third-party provider, as carried by ``ProviderError`` and written to logs.
///
/// A small open set: the well-known providers have static constants, and an OpenAI-compatible
/// chat server other than Groq can be named freely (for example `ProviderName("ollama")`).
public struct ProviderName: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The provider's name, lower-case by convention (for example `groq`).
    public let rawValue: String

    /// Creates a provider name from its raw text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates a provider name from its raw text.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The provider's name.
    public var description: String { rawValue }

    /// Groq's OpenAI-compatible chat completions API.
    public static let groq = ProviderName("groq")
    /// Brevo's transactional e-mail API.
    public static let brevo = ProviderName("brevo")
    /// Meta's WhatsApp Cloud API (Graph API).
    public static let whatsApp = ProviderName("whatsapp")
    /// Google Cloud Storage's JSON API.
    public static let gcs = ProviderName("gcs")
    /// Google's OAuth 2.0 token endpoint (service-account JWT-bearer exchange).
    public static let googleOAuth = ProviderName("google-oauth")
}

extension ProviderName {
    /// Supabase Storage's REST API (the old system's file and recording store).
    public static let supabaseStorage = ProviderName("supabase-storage")
}
