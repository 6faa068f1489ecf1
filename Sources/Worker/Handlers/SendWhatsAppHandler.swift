import Core
import Domain
import Foundation
import Integrations
public import Jobs
import Logging

/// `send_whatsapp`: the invite template to the candidate's phone through the WhatsApp Cloud API
/// (or the local outbox without `WHATSAPP_API_KEY`), delivered by ``InviteDelivery`` with the
/// same idempotency as email.
public struct SendWhatsAppHandler: Sendable {
    let platform: Platform
    let providers: ProviderSet

    /// Creates the handler.
    public init(platform: Platform, providers: ProviderSet) {
        self.platform = platform
        self.providers = providers
    }

    /// Sends one WhatsApp invite.
    public func handle(_ arguments: SendWhatsApp, context: JobContext) async throws {
        let sender = WhatsAppInviteSender(platform: platform, providers: providers, logger: context.logger)
        try await InviteDelivery(platform: platform).run(interviewId: arguments.interviewId, context: context, sender: sender)
    }
}
