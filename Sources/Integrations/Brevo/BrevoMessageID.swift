/// The id Brevo gives an accepted e-mail (`messageId`), for matching webhook events.
public struct BrevoMessageID: Sendable, Hashable, CustomStringConvertible {
    /// The id exactly as Brevo returned it, usually with angle brackets (`<…@smtp-relay.mailin.fr>`).
    public let rawValue: String

    /// Wraps an id as returned by Brevo.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The id without surrounding `<` `>`: webhook events carry it both with and without them,
    /// so store and compare this form.
    public var normalized: String {
        var text = Substring(rawValue)
        if text.hasPrefix("<") { text = text.dropFirst() }
        if text.hasSuffix(">") { text = text.dropLast() }
        return String(text)
    }

    /// The raw id.
    public var description: String { rawValue }
}
