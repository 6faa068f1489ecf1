/// An e-mail address with an optional display name, as Brevo's `sender`, `to`, `cc`, `bcc` and
/// `replyTo` objects carry it.
public struct BrevoContact: Sendable, Hashable, Codable {
    /// The e-mail address.
    public var email: String
    /// The display name (Brevo allows up to 70 characters).
    public var name: String?

    /// Creates a contact.
    public init(email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }
}
