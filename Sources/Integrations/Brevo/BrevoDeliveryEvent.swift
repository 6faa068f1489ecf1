/// The delivery stage a Brevo webhook event reports.
public enum BrevoDeliveryEvent: Sendable, Equatable, CaseIterable {
    /// Accepted (`request`, `sent`).
    case sent
    /// Delivered to the mailbox.
    case delivered
    /// Opened (`opened`, `unique_opened`, `proxy_open`, `unique_proxy_open`).
    case opened
    /// A link was clicked.
    case clicked
    /// Bounced (`hard_bounce`).
    case bounced
    /// Could not be delivered (`invalid_email`, `blocked`, `error`).
    case failed
    /// Reported as spam.
    case spam

    /// The stage of Brevo event `name`; `nil` for events without one (`deferred`, `soft_bounce`, …).
    public init?(eventName name: String) {
        switch name {
        case "request", "sent": self = .sent
        case "delivered": self = .delivered
        case "opened", "unique_opened", "proxy_open", "unique_proxy_open": self = .opened
        case "click": self = .clicked
        case "hard_bounce": self = .bounced
        case "invalid_email", "blocked", "error": self = .failed
        case "spam": self = .spam
        default: return nil
        }
    }
}
