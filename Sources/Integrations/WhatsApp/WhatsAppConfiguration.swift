public import Foundation

/// Settings for a ``WhatsAppClient``. The access token is never part of ``description``.
public struct WhatsAppConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Meta's Graph API host.
    public static let defaultBaseURL = URL(string: "https://graph.facebook.com")!
    /// The Graph API version used unless configured otherwise.
    public static let defaultAPIVersion = "v23.0"

    /// The Graph API host (overridable for tests); requests go to
    /// `{baseURL}/{apiVersion}/{phoneNumberID}/messages`.
    public var baseURL: URL
    /// The pinned Graph API version, `v{N}.0`.
    public var apiVersion: String
    /// The sending business phone number's id (not the phone number itself).
    public var phoneNumberID: String
    /// A system-user (or temporary) access token, sent as `Authorization: Bearer`.
    public var accessToken: String
    /// Connect and read limits.
    public var timeouts: ProviderTimeouts

    /// Creates a configuration.
    public init(
        phoneNumberID: String,
        accessToken: String,
        apiVersion: String = WhatsAppConfiguration.defaultAPIVersion,
        baseURL: URL = WhatsAppConfiguration.defaultBaseURL,
        timeouts: ProviderTimeouts = ProviderTimeouts(connect: .seconds(5), read: .seconds(15))
    ) {
        self.phoneNumberID = phoneNumberID
        self.accessToken = accessToken
        self.apiVersion = apiVersion
        self.baseURL = baseURL
        self.timeouts = timeouts
    }

    /// The settings without the access token.
    public var description: String {
        "WhatsAppConfiguration(baseURL: \(baseURL.absoluteString), apiVersion: \(apiVersion), phoneNumberID: \(phoneNumberID), accessToken: <redacted>)"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }
}
