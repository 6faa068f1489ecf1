import Core
import Domain
import Foundation
import Integrations
public import Jobs
import Logging

/// `send_invite_email`: the recruiter's branded invite, through Brevo (or the local outbox without
/// `BREVO_API_KEY`), delivered by ``InviteDelivery`` (idempotent across retries and crashes).
public struct SendInviteEmailHandler: Sendable {
    let platform: Platform
    let providers: ProviderSet

    /// Creates the handler.
    public init(platform: Platform, providers: ProviderSet) {
        self.platform = platform
        self.providers = providers
    }

    /// Sends one invite.
    public func handle(_ arguments: SendInviteEmail, context: JobContext) async throws {
        let sender = EmailInviteSender(platform: platform, providers: providers, logger: context.logger)
        try await InviteDelivery(platform: platform).run(interviewId: arguments.interviewId, context: context, sender: sender)
    }
}
