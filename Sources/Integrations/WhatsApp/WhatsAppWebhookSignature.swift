import Core
import Crypto
public import Foundation

/// The `X-Hub-Signature-256` check of WhatsApp (Meta) webhooks.
public enum WhatsAppWebhookSignature {
    /// Whether `header` is `sha256=<hex HMAC-SHA256(appSecret, body)>` (compared in constant time).
    public static func isValid(_ header: String?, body: Data, appSecret: String) -> Bool {
        guard let header, header.hasPrefix("sha256=") else { return false }
        let given = header.dropFirst("sha256=".count).lowercased()
        let expected = SecureToken.hex(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(appSecret.utf8))))
        return ConstantTime.equal(Array(given.utf8), Array(expected.utf8))
    }
}
