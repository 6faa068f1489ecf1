import Foundation

/// Provider message ids as stored: Brevo sends `message-id` with or without angle brackets, so
/// both forms are reduced to the bare id.
public enum ProviderMessageID {
    /// `id` without surrounding whitespace and `<…>`.
    public static func normalize(_ id: String) -> String {
        var trimmed = Substring(id.trimmingCharacters(in: .whitespacesAndNewlines))
        if trimmed.hasPrefix("<") && trimmed.hasSuffix(">") && trimmed.count >= 2 {
            trimmed = trimmed.dropFirst().dropLast()
        }
        return String(trimmed)
    }
}
