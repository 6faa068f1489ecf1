/// How the bucket appears in a signed URL or POST-policy URL.
public enum GCSURLStyle: Sendable, Hashable {
    /// `<scheme>://<host>/<bucket>/<object>` (the default), e.g. `https://storage.googleapis.com/b/o`.
    case pathStyle
    /// `<scheme>://<bucket>.<host>/<object>`, e.g. `https://b.storage.googleapis.com/o`.
    case virtualHostedStyle
    /// `<scheme>://<hostname>/<object>`: a custom domain (e.g. a CDN CNAME) bound to the bucket.
    /// `hostname` may carry a port (`cdn.example.com:8443`).
    case bucketBoundHostname(String)
}
