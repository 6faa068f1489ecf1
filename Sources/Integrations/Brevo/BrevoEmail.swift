/// A transactional e-mail for Brevo's `POST /v3/smtp/email`.
///
/// Either give ``subject`` and ``htmlContent`` (with optional ``textContent``), or a
/// ``templateId`` with ``params``. ``tags`` and the custom ``headers`` (notably
/// `X-Mailin-custom`) are echoed back in Brevo's webhook events, for correlation.
public struct BrevoEmail: Sendable, Hashable {
    /// The sender; its address must be a verified Brevo sender.
    public var sender: BrevoContact
    /// The recipients (at least one).
    public var to: [BrevoContact]
    /// Carbon-copy recipients.
    public var cc: [BrevoContact]
    /// Blind carbon-copy recipients.
    public var bcc: [BrevoContact]
    /// Where replies go.
    public var replyTo: BrevoContact?
    /// The subject line (required unless ``templateId`` is set).
    public var subject: String?
    /// The HTML body (required unless ``templateId`` is set).
    public var htmlContent: String?
    /// The plain-text alternative.
    public var textContent: String?
    /// A Brevo template to render instead of ``htmlContent``.
    public var templateId: Int?
    /// Values for `{{params.name}}` placeholders.
    public var params: [String: String]
    /// Tags for filtering and webhook correlation.
    public var tags: [String]
    /// Extra message headers, for example `X-Mailin-custom` (echoed in webhooks).
    public var headers: [String: String]

    /// Creates an e-mail.
    public init(
        sender: BrevoContact,
        to: [BrevoContact],
        subject: String? = nil,
        htmlContent: String? = nil,
        textContent: String? = nil,
        cc: [BrevoContact] = [],
        bcc: [BrevoContact] = [],
        replyTo: BrevoContact? = nil,
        templateId: Int? = nil,
        params: [String: String] = [:],
        tags: [String] = [],
        headers: [String: String] = [:]
    ) {
        self.sender = sender
        self.to = to
        self.subject = subject
        self.htmlContent = htmlContent
        self.textContent = textContent
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.templateId = templateId
        self.params = params
        self.tags = tags
        self.headers = headers
    }
}
