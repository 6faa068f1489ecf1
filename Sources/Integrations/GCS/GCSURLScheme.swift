/// The scheme of a signed URL.
public enum GCSURLScheme: String, Sendable, Hashable, CaseIterable {
    /// `https` (the default, and the only sensible choice against Google).
    case https
    /// `http` (local emulators and fakes, or an HTTP-only bucket-bound hostname).
    case http
}
