import Foundation

/// Settings of the `web` role (REST API, webhooks, uploads).
public struct APISettings: Sendable {
    /// `API_URL`: the public origin of this API, used in links it signs itself (local recording
    /// URLs). Default `http://localhost:<PORT>`.
    public var publicURL: String
    /// `BCRYPT_COST`: cost of new password hashes (default 12; 4–31).
    public var bcryptCost: Int
    /// `TRUST_PROXY`: take the client address from the last `X-Forwarded-For` entry, the one the
    /// proxy in front of the API added (set `true` behind Railway's proxy; default `false`).
    public var trustProxy: Bool
    /// `EVALUATION_WAIT_SECONDS`: how long `POST /voice/interview/:id/evaluate` waits for the
    /// evaluation job before answering 202 (default 25).
    public var evaluationWait: Duration
    /// `SIGNIN_MAX_FAILURES_PER_EMAIL`: failed sign-ins per email within 15 minutes before each
    /// further attempt waits a growing delay (default 10).
    public var signInFailuresPerEmail: Int
    /// `SIGNIN_MAX_ATTEMPTS_PER_IP`: sign-in attempts per client address within 15 minutes before
    /// each further attempt waits a growing delay (default 100).
    public var signInAttemptsPerIP: Int
    /// `SIGNIN_MAX_DELAY_SECONDS`: the longest of those delays (1 s, 2 s, 4 s, … up to this;
    /// default 60).
    public var signInMaxDelaySeconds: Int
    /// `SIGNUP_MAX_PER_IP`: sign-ups per client address per hour (default 10).
    public var signUpsPerIP: Int
    /// `SIGNUP_MAX_PER_EMAIL`: sign-up attempts per email per hour (default 5).
    public var signUpsPerEmail: Int
    /// `SIGNUP_CODE_MAX_FAILURES_PER_IP`: wrong signup codes per client address per hour (default 10).
    public var signupCodeFailuresPerIP: Int
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
        signInMaxDelaySeconds = try AppConfiguration.integer(env, "SIGNIN_MAX_DELAY_SECONDS", default: 60, range: 1...86_400)
        signUpsPerIP = try AppConfiguration.integer(env, "SIGNUP_MAX_PER_IP", default: 10, range: 1...1_000_000)
        signUpsPerEmail = try AppConfiguration.integer(env, "SIGNUP_MAX_PER_EMAIL", default: 5, range: 1...10_000)
        signupCodeFailuresPerIP = try AppConfiguration.integer(env, "SIGNUP_CODE_MAX_FAILURES_PER_IP", default: 10, range: 1...10_000)
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
