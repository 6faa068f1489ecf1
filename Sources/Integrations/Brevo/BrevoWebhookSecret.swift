import Core
import Foundation

/// Brevo signs nothing: a webhook request proves itself with the shared secret, which travels as
/// `?secret=`, an `X-Webhook-Secret` header, a bearer token or a basic-auth password.
public enum BrevoWebhookSecret {
    /// Whether any of the request's credentials equals `secret` (compared in constant time):
    /// `querySecret` (`?secret=`), `header` (`X-Webhook-Secret`), `authorization` (the
    /// `Authorization` header: `Bearer <secret>` or `Basic base64(user:<secret>)`).
    public static func matches(querySecret: String?, header: String?, authorization: String?, secret: String) -> Bool {
        var candidates: [String] = []
        if let querySecret { candidates.append(querySecret) }
        if let header { candidates.append(header) }
        if let authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2 {
                switch parts[0].lowercased() {
                case "bearer": candidates.append(String(parts[1]))
                case "basic":
                    if let data = Data(base64Encoded: String(parts[1])), let text = String(data: data, encoding: .utf8),
                       let colon = text.firstIndex(of: ":") {
                        candidates.append(String(text[text.index(after: colon)...]))
                    }
                default: break
                }
            }
        }
        return candidates.contains { ConstantTime.equal(Array($0.utf8), Array(secret.utf8)) }
    }
}
