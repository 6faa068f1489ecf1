import Domain
import Foundation

/// One invite channel's own part of a delivery: what the interview needs for it, and the call to
/// the provider (or the local outbox). Everything else is ``InviteDelivery``'s.
protocol InviteSender: Sendable {
    /// The delivery rows and realtime event this channel uses.
    var channel: MessageDelivery.Channel { get }
    /// The provider's name in messages to the recruiter ("Brevo", "WhatsApp", "the local outbox").
    var providerName: String { get }

    /// Throws a `PermanentJobError` when the interview cannot be invited on this channel.
    func check(_ details: InviteDetails) throws

    /// Sends the invite carrying `link`; returns the provider's message id. `recordId` is the
    /// delivery row, echoed to the provider so its webhooks can find the row.
    func send(_ details: InviteDetails, link: String, recordId: UUID) async throws -> String
}
