public import Foundation

/// Settings of a ``SupabaseStorageClient``.
public struct SupabaseStorageConfiguration: Sendable {
    /// The project's URL, `https://<project>.supabase.co` (a fake's URL in tests); the API lives
    /// under `/storage/v1`.
    public var baseURL: URL
    /// The project's service-role key (`SUPABASE_SERVICE_ROLE_KEY`), sent as the bearer token and
    /// `apikey`: it reads every bucket whatever its policies.
    public var serviceRoleKey: String
    /// Per-call time limits (the read limit applies between two pieces of a streamed object).
    public var timeouts: ProviderTimeouts

    /// Creates the settings.
    public init(baseURL: URL, serviceRoleKey: String, timeouts: ProviderTimeouts = ProviderTimeouts(connect: .seconds(5), read: .seconds(60))) {
        self.baseURL = baseURL
        self.serviceRoleKey = serviceRoleKey
        self.timeouts = timeouts
    }
}
