import Foundation

/// Settings of the `web` role (REST API, webhooks, uploads).
public struct APISettings: Sendable {
    /// `API_URL`: the public origin of this API, used in links it signs itself (local recording
    /// URLs). Default `http://localhost:<PORT>`.
    public var publicURL: String
    /// `BCRYPT_COST`: cost of new password hashes (default 12; 4–31).
    public var bcryptCost: Int
    /// `TRUST_PROXY`: take the client address from the first `X-Forwarded-For` entry (set `true`
    /// behind Railway's proxy; default `false`).
    public var trustProxy: Bool
    /// `EVALUATION_WAIT_SECONDS`: how long `POST /voice/interview/:id/evaluate` waits for the
    /// evaluation job before answering 202 (default 25).
    public var evaluationWait: Duration
    /// `SIGNIN_MAX_FAILURES_PER_EMAIL`: failed sign-ins per email per 15 minutes (default 10).
    public var signInFailuresPerEmail: Int
    /// `SIGNIN_MAX_ATTEMPTS_PER_IP`: sign-in attempts per client address per 15 minutes (default 100).
    public var signInAttemptsPerIP: Int
    /// `BREVO_WEBHOOK_SECRET`: the secret Brevo's webhook URL (`?secret=`) or bearer token must carry.
    public var brevoWebhookSecret: String?
    /// `WHATSAPP_VERIFY_TOKEN`: the token of Meta's webhook verification challenge.
    public var whatsappVerifyToken: String?
    /// `WHATSAPP_APP_SECRET`: the app secret that signs WhatsApp webhooks (`X-Hub-Signature-256`).
    public var whatsappAppSecret: String?
    /// `RECORDING_MAX_BYTES`: largest recording the local store accepts (default 2 GiB).
    public var recordingMaxBytes: Int

    /// Reads the API variables; `port` gives the default public URL.
    public init(environment env: Environment, port: Int) throws(ConfigurationError) {
        let url = env["API_URL"] ?? "http://localhost:\(port)"
        guard let components = URLComponents(string: url), components.scheme == "http" || components.scheme == "https",
              components.host?.isEmpty == false
        else {
            throw ConfigurationError("API_URL", "must be an http(s) URL such as https://api.example.com, got '\(url)'")
        }
        publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        bcryptCost = try AppConfiguration.integer(env, "BCRYPT_COST", default: 12, range: 4...31)
        trustProxy = try AppConfiguration.boolean(env, "TRUST_PROXY", default: false)
        evaluationWait = .seconds(try AppConfiguration.integer(env, "EVALUATION_WAIT_SECONDS", default: 25, range: 0...120))
        signInFailuresPerEmail = try AppConfiguration.integer(env, "SIGNIN_MAX_FAILURES_PER_EMAIL", default: 10, range: 1...10_000)
        signInAttemptsPerIP = try AppConfiguration.integer(env, "SIGNIN_MAX_ATTEMPTS_PER_IP", default: 100, range: 1...1_000_000)
        brevoWebhookSecret = env["BREVO_WEBHOOK_SECRET"]
        whatsappVerifyToken = env["WHATSAPP_VERIFY_TOKEN"]
        whatsappAppSecret = env["WHATSAPP_APP_SECRET"]
        recordingMaxBytes = try AppConfiguration.integer(env, "RECORDING_MAX_BYTES", default: 2 << 30, range: 1024...(64 << 30))
        for (name, value) in [("BREVO_WEBHOOK_SECRET", brevoWebhookSecret), ("WHATSAPP_VERIFY_TOKEN", whatsappVerifyToken), ("WHATSAPP_APP_SECRET", whatsappAppSecret)] {
            if let value, value.count < 16 {
                throw ConfigurationError(name, "must be at least 16 characters when set")
            }
        }
    }
}
