/// Delivery status of an invite email (`email_status`).
public enum EmailStatus: String, Sendable, Codable, CaseIterable {
    /// Recorded, not yet accepted by the provider.
    case pending = "PENDING"
    /// The provider call's outcome is unknown (it may have been delivered); not retried, so the
    /// recruiter decides whether to resend.
    case uncertain = "UNCERTAIN"
    /// Accepted by the provider.
    case sent = "SENT"
    /// Delivered to the mailbox.
    case delivered = "DELIVERED"
    /// Opened.
    case opened = "OPENED"
    /// A link was clicked.
    case clicked = "CLICKED"
    /// Bounced.
    case bounced = "BOUNCED"
    /// Reported as spam.
    case spam = "SPAM"
    /// Could not be sent.
    case failed = "FAILED"
}

/// Delivery status of a WhatsApp invite (`whatsapp_status`).
public enum WhatsAppStatus: String, Sendable, Codable, CaseIterable {
    /// Recorded, not yet accepted.
    case pending = "PENDING"
    /// The provider call's outcome is unknown (it may have been delivered); not retried.
    case uncertain = "UNCERTAIN"
    /// Accepted by WhatsApp.
    case sent = "SENT"
    /// Delivered to the phone.
    case delivered = "DELIVERED"
    /// Read.
    case read = "READ"
    /// Failed.
    case failed = "FAILED"
}
