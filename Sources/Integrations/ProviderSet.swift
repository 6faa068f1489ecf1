public import AsyncHTTPClient
public import Core
import Foundation
public import Logging

/// The provider clients a process uses, built from the configuration: each `nil` when its
/// credentials are missing, so callers fall back to the documented offline default (the local
/// outbox for email and WhatsApp, local recordings) or fail with a clear message (no LLM).
public struct ProviderSet: Sendable {
    /// Brevo, when `BREVO_API_KEY` is set.
    public var brevo: BrevoClient?
    /// WhatsApp Cloud API, when `WHATSAPP_API_KEY` and `WHATSAPP_PHONE_ID` are set.
    public var whatsapp: WhatsAppClient?
    /// The chat-completions server, when an LLM is configured.
    public var llm: ChatCompletionsClient?
    /// Where recordings live.
    public var recordings: any RecordingStore
    /// The local outbox (`DATA_DIR/outbox`).
    public var outbox: LocalOutbox

    /// Builds the clients from `configuration` over `httpClient`.
    public init(configuration: AppConfiguration, httpClient: HTTPClient = .shared, logger: Logger) throws {
        let providers = configuration.providers
        let timeouts = ProviderTimeouts(connect: min(.seconds(5), providers.providerTimeout), read: providers.providerTimeout)
        func url(_ text: String, _ name: String) throws -> URL {
            guard let url = URL(string: text) else { throw ConfigurationError(name, "must be a URL") }
            return url
        }
        if let key = providers.brevoAPIKey {
            brevo = BrevoClient(configuration: BrevoConfiguration(apiKey: key, baseURL: try url(providers.brevoBaseURL, "BREVO_BASE_URL"), timeouts: timeouts),
                                httpClient: httpClient, logger: logger)
        }
        if let token = providers.whatsappAPIKey, let phone = providers.whatsappPhoneID {
            whatsapp = WhatsAppClient(
                configuration: WhatsAppConfiguration(phoneNumberID: phone, accessToken: token, baseURL: try url(providers.whatsappBaseURL, "WHATSAPP_BASE_URL"), timeouts: timeouts),
                httpClient: httpClient, logger: logger
            )
        }
        if providers.llmConfigured {
            llm = ChatCompletionsClient(
                configuration: ChatCompletionsConfiguration(apiKey: providers.groqAPIKey ?? "", model: providers.llmModel,
                                                            baseURL: try url(providers.llmBaseURL, "LLM_BASE_URL"),
                                                            timeouts: ProviderTimeouts(connect: min(.seconds(5), providers.providerTimeout),
                                                                                       read: providers.providerTimeout * 2)),
                httpClient: httpClient, logger: logger
            )
        }
        let dataDirectory = URL(fileURLWithPath: configuration.dataDirectory)
        outbox = LocalOutbox(directory: dataDirectory.appendingPathComponent("outbox", isDirectory: true))
        if let credentials = providers.gcsCredentials, let bucket = providers.gcsBucketName {
            let account = try GCSServiceAccount(jsonString: credentials)
            let storage = GCSStorageClient(
                configuration: GCSStorageConfiguration(account: account, baseURL: try url(providers.gcsBaseURL, "GCS_BASE_URL"),
                                                       tokenURL: try providers.gcsTokenURL.map { try url($0, "GCS_TOKEN_URL") }, timeouts: timeouts),
                httpClient: httpClient, logger: logger
            )
            recordings = GCSRecordingStore(bucket: bucket, signer: GCSURLSigner(serviceAccount: account)) { key in
                // 404 counts as deleted.
                _ = try await storage.deleteObject(bucket: bucket, object: key)
            }
        } else {
            recordings = LocalRecordingStore(
                directory: dataDirectory.appendingPathComponent("recordings", isDirectory: true),
                baseURL: configuration.api.publicURL, secret: configuration.jwtSecret
            )
        }
    }
}
