/// Meta's acknowledgement of an accepted message.
public struct WhatsAppSentMessage: Sendable, Hashable {
    /// The message id (`messages[0].id`, a `wamid.…` of up to 128 characters); status webhooks refer to it.
    public var messageID: String
    /// The recipient's WhatsApp id (`contacts[0].wa_id`), if returned.
    public var waID: String?
    /// The initial status for template sends (`accepted`, `held_for_quality_assessment`, `paused`), if returned.
    public var messageStatus: String?

    /// Creates an acknowledgement.
    public init(messageID: String, waID: String?, messageStatus: String?) {
        self.messageID = messageID
        self.waID = waID
        self.messageStatus = messageStatus
    }
}
