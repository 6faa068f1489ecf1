/// A template message to one WhatsApp user (the only kind allowed outside the 24-hour
/// customer-service window).
public struct WhatsAppTemplateMessage: Sendable, Hashable {
    /// The recipient's phone number in international format, digits only (a leading `+` is tolerated).
    public var to: String
    /// The approved template's name.
    public var templateName: String
    /// The template translation's language code, for example `pt_BR` or `en_US`.
    public var languageCode: String
    /// Values for the template's placeholders.
    public var components: [WhatsAppTemplateComponent]
    /// Opaque text echoed in this message's status webhooks (`biz_opaque_callback_data`).
    public var callbackData: String?

    /// Creates a template message.
    public init(
        to: String,
        templateName: String,
        languageCode: String,
        components: [WhatsAppTemplateComponent] = [],
        callbackData: String? = nil
    ) {
        self.to = to
        self.templateName = templateName
        self.languageCode = languageCode
        self.components = components
        self.callbackData = callbackData
    }
}
