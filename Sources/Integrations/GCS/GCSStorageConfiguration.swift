public import Foundation

/// Settings for a ``GCSStorageClient`` and its ``GCSAccessTokenProvider``: the service account,
/// where the JSON API and the OAuth token endpoint are, the OAuth scope and the time limits.
///
/// ``description`` never includes the private key.
public struct GCSStorageConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Google Cloud Storage's JSON API host.
    public static let defaultBaseURL = URL(string: "https://storage.googleapis.com")!
    /// Google's OAuth 2.0 token endpoint.
    public static let defaultTokenURL = URL(string: "https://oauth2.googleapis.com/token")!
    /// The OAuth scope for reading, writing and deleting objects.
    public static let readWriteScope = "https://www.googleapis.com/auth/devstorage.read_write"

    /// The service account whose key signs the token assertions.
    public var account: GCSServiceAccount
    /// The JSON API host (overridable for tests); deletes go to
    /// `{baseURL}/storage/v1/b/{bucket}/o/{object}`.
    public var baseURL: URL
    /// The OAuth token endpoint; also the assertion's `aud` claim.
    public var tokenURL: URL
    /// Space-separated OAuth scopes requested for the access token.
    public var scope: String
    /// How long before its expiry a cached access token is replaced.
    public var tokenRefreshMargin: Duration
    /// Connect and read limits, for both the token endpoint and the JSON API.
    public var timeouts: ProviderTimeouts

    /// Creates a configuration. `tokenURL` defaults to the key file's `token_uri` when it has a
    /// valid one, else to ``defaultTokenURL``.
    public init(
        account: GCSServiceAccount,
        baseURL: URL = GCSStorageConfiguration.defaultBaseURL,
        tokenURL: URL? = nil,
        scope: String = GCSStorageConfiguration.readWriteScope,
        tokenRefreshMargin: Duration = .seconds(60),
        timeouts: ProviderTimeouts = ProviderTimeouts(connect: .seconds(5), read: .seconds(15))
    ) {
        self.account = account
        self.baseURL = baseURL
        self.tokenURL = tokenURL ?? account.tokenURI.flatMap(URL.init(string:)) ?? Self.defaultTokenURL
        self.scope = scope
        self.tokenRefreshMargin = tokenRefreshMargin
        self.timeouts = timeouts
    }

    /// The settings, with the account's key redacted.
    public var description: String {
        "GCSStorageConfiguration(account: \(account), baseURL: \(baseURL.absoluteString), tokenURL: \(tokenURL.absoluteString), scope: \(scope))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }
}
