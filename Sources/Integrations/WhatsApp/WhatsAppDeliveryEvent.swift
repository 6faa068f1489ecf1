/// The delivery stage a WhatsApp message status reports.
public enum WhatsAppDeliveryEvent: Sendable, Equatable, CaseIterable {
    /// Accepted by WhatsApp.
    case sent
    /// Delivered to the phone.
    case delivered
    /// Read (`read`, or `played` for voice messages).
    case read
    /// Failed.
    case failed

    /// The stage of status `status`; `nil` for statuses without one.
    public init?(status: String) {
        switch status {
        case "sent": self = .sent
        case "delivered": self = .delivered
        case "read", "played": self = .read
        case "failed": self = .failed
        default: return nil
        }
    }
}
