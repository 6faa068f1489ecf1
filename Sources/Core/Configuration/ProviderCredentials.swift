import Foundation

/// Credentials of the third-party services, each `nil` when its variables are unset.
///
/// A missing provider is not an error: the platform then uses its documented offline default
/// (a local outbox for email and WhatsApp, local storage for recordings) or reports clearly that
/// the feature is not configured.
public struct ProviderCredentials: Sendable {
    /// `DEEPGRAM_API_KEY`.
    public var deepgramAPIKey: String?
    /// `CARTESIA_API_KEY`.
    public var cartesiaAPIKey: String?
    /// `GROQ_API_KEY`.
    public var groqAPIKey: String?
    /// `GCS_PROJECT_ID`.
    public var gcsProjectID: String?
    /// `GCS_BUCKET_NAME`.
    public var gcsBucketName: String?
    /// `GCS_CREDENTIALS`: the service-account key JSON.
    public var gcsCredentials: String?
    /// `BREVO_API_KEY`.
    public var brevoAPIKey: String?
    /// `BREVO_SENDER_EMAIL` (default `noreply@vantahire.com`).
    public var brevoSenderEmail: String
    /// `BREVO_SENDER_NAME` (default `VantaHire`).
    public var brevoSenderName: String
    /// `WHATSAPP_API_KEY`.
    public var whatsappAPIKey: String?
    /// `WHATSAPP_PHONE_ID`.
    public var whatsappPhoneID: String?
    /// `WHATSAPP_TEMPLATE_NAME`: the approved invite template (default `interview_invitation`).
    public var whatsappTemplateName: String
    /// `WHATSAPP_TEMPLATE_LANGUAGE`: its language code (default `en`).
    public var whatsappTemplateLanguage: String
    /// `LLM_BASE_URL`: any OpenAI-compatible chat-completions server (default Groq's).
    public var llmBaseURL: String
    /// `LLM_MODEL`: the model asked for evaluations and replies (default `llama-3.3-70b-versatile`).
    public var llmModel: String
    /// Whether an LLM is configured: `GROQ_API_KEY` set, or `LLM_BASE_URL` pointing at another server.
    public var llmConfigured: Bool
    /// `BREVO_BASE_URL` (default `https://api.brevo.com`).
    public var brevoBaseURL: String
    /// `WHATSAPP_BASE_URL` (default `https://graph.facebook.com`).
    public var whatsappBaseURL: String
    /// `GCS_BASE_URL` (default `https://storage.googleapis.com`).
    public var gcsBaseURL: String
    /// `GCS_TOKEN_URL`: the OAuth token endpoint (default: the key file's `token_uri`).
    public var gcsTokenURL: String?
    /// `PROVIDER_TIMEOUT_SECONDS`: longest wait for a provider's answer (default 30; the LLM gets twice as long).
    public var providerTimeout: Duration
    /// `RECORDING_RETENTION_DAYS`: recordings are deleted this long after the interview ends (default 90).
    public var recordingRetentionDays: Int

    /// An http(s) URL variable without a trailing slash.
    static func url(_ env: Environment, _ name: String, default value: String) throws(ConfigurationError) -> String {
        guard let text = env[name] else { return value }
        guard let components = URLComponents(string: text), components.scheme == "http" || components.scheme == "https",
              components.host?.isEmpty == false
        else { throw ConfigurationError(name, "must be an http(s) URL, got '\(text)'") }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Reads and cross-checks the provider variables.
    public init(environment env: Environment) throws(ConfigurationError) {
        deepgramAPIKey = env["DEEPGRAM_API_KEY"]
        cartesiaAPIKey = env["CARTESIA_API_KEY"]
        groqAPIKey = env["GROQ_API_KEY"]
        gcsProjectID = env["GCS_PROJECT_ID"]
        gcsBucketName = env["GCS_BUCKET_NAME"]
        gcsCredentials = env["GCS_CREDENTIALS"]
        brevoAPIKey = env["BREVO_API_KEY"]
        brevoSenderEmail = env["BREVO_SENDER_EMAIL"] ?? "noreply@vantahire.com"
        brevoSenderName = env["BREVO_SENDER_NAME"] ?? "VantaHire"
        whatsappAPIKey = env["WHATSAPP_API_KEY"]
        whatsappPhoneID = env["WHATSAPP_PHONE_ID"]
        whatsappTemplateName = env["WHATSAPP_TEMPLATE_NAME"] ?? "interview_invitation"
        whatsappTemplateLanguage = env["WHATSAPP_TEMPLATE_LANGUAGE"] ?? "en"
        llmBaseURL = try Self.url(env, "LLM_BASE_URL", default: "https://api.groq.com/openai/v1")
        llmModel = env["LLM_MODEL"] ?? "llama-3.3-70b-versatile"
        llmConfigured = env["GROQ_API_KEY"] != nil || env["LLM_BASE_URL"] != nil
        brevoBaseURL = try Self.url(env, "BREVO_BASE_URL", default: "https://api.brevo.com")
        whatsappBaseURL = try Self.url(env, "WHATSAPP_BASE_URL", default: "https://graph.facebook.com")
        gcsBaseURL = try Self.url(env, "GCS_BASE_URL", default: "https://storage.googleapis.com")
        gcsTokenURL = env["GCS_TOKEN_URL"] == nil ? nil : try Self.url(env, "GCS_TOKEN_URL", default: "")
        providerTimeout = .seconds(try AppConfiguration.integer(env, "PROVIDER_TIMEOUT_SECONDS", default: 30, range: 1...600))
        recordingRetentionDays = try AppConfiguration.integer(env, "RECORDING_RETENTION_DAYS", default: 90, range: 1...3650)

        let email = brevoSenderEmail
        let at = email.firstIndex(of: "@")
        guard let at, at != email.startIndex, email[email.index(after: at)...].contains("."), !email.contains(" ") else {
            throw ConfigurationError("BREVO_SENDER_EMAIL", "must be an email address, got '\(email)'")
        }
        if whatsappAPIKey != nil && whatsappPhoneID == nil {
            throw ConfigurationError("WHATSAPP_PHONE_ID", "is required when WHATSAPP_API_KEY is set")
        }
        if let credentials = gcsCredentials {
            guard let data = credentials.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  object["client_email"] is String, object["private_key"] is String
            else {
                throw ConfigurationError("GCS_CREDENTIALS", "must be a service-account key JSON with client_email and private_key")
            }
            if gcsBucketName == nil {
                throw ConfigurationError("GCS_BUCKET_NAME", "is required when GCS_CREDENTIALS is set")
            }
        }
    }
}
