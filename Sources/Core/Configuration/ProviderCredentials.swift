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
