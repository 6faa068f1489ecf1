import Domain
import Integrations

extension EmailStatus {
    /// The status a Brevo delivery event moves an email to.
    init(_ event: BrevoDeliveryEvent) {
        switch event {
        case .sent: self = .sent
        case .delivered: self = .delivered
        case .opened: self = .opened
        case .clicked: self = .clicked
        case .bounced: self = .bounced
        case .failed: self = .failed
        case .spam: self = .spam
        }
    }
}

extension WhatsAppStatus {
    /// The status a WhatsApp delivery event moves a message to.
    init(_ event: WhatsAppDeliveryEvent) {
        switch event {
        case .sent: self = .sent
        case .delivered: self = .delivered
        case .read: self = .read
        case .failed: self = .failed
        }
    }
}
