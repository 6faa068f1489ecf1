internal import Foundation

/// Removes known credentials (API keys, access tokens, signed assertions) from text before it is
/// put into an error or a log line.
struct SecretRedactor: Sendable {
    /// What replaces each credential.
    static let placeholder = "<redacted>"

    private let secrets: [String]

    /// Creates a redactor for `secrets`; values shorter than 4 characters are ignored so that a
    /// degenerate key cannot blank out ordinary text.
    init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    /// `text` with every occurrence of a credential replaced by ``placeholder``.
    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Self.placeholder) }
    }
}
