import Core
import Domain
import Foundation
import Integrations
import Jobs
import Logging

/// The idempotent delivery of one invite, whatever its channel.
///
/// The job's delivery row is written before the provider is called and marked "attempt in
/// flight". A retry that finds a provider id does not send again. An attempt whose outcome is
/// unknown (a timeout after the request left, or a worker that died between the call and the
/// commit) is never resent: the row becomes `UNCERTAIN` with the reason, and the recruiter may
/// resend. A provider refusal on the last attempt, or a permanent one, makes the row `FAILED`
/// with the provider's reason. Every status change is published to the recruiter's sockets.
struct InviteDelivery {
    let platform: Platform

    func run(interviewId: UUID, context: JobContext, sender: some InviteSender) async throws {
        let logger = context.logger
        let db = platform.postgres
        let channel = sender.channel
        guard let details = try await InviteDetails.load(interviewId: interviewId, on: db, logger: logger) else {
            logger.info("interview deleted before its invite was sent", metadata: ["channel": "\(channel.rawValue)"])
            return
        }
        let interview = details.interview
        try sender.check(details)
        guard interview.status == .pending, interview.expiresAt > Date() else {
            throw PermanentJobError("the interview is \(interview.status.rawValue.lowercased()) and past inviting")
        }
        let record = try await MessageDelivery.record(channel, jobId: context.id, interviewId: interview.id, on: db, logger: logger)
        if record.messageId != nil {
            logger.info("invite already sent by an earlier attempt", metadata: ["message_id": "\(record.messageId ?? "")"])
            return
        }
        if record.attemptedAt != nil {
            let reason = "an earlier attempt called \(sender.providerName) and stopped before its outcome was recorded, "
                + "so the invite may or may not have been delivered; resend it if the candidate did not receive it"
            try await markUncertain(record.id, interview: interview, channel: channel, reason: reason, logger: logger)
            throw PermanentJobError("\(reason) (not sent again, to avoid a duplicate)")
        }
        let token = try InviteLink.token(for: interview, version: details.tokenVersion, secret: platform.configuration.jwtSecret)
        let link = InterviewToken.link(frontendURL: platform.configuration.frontendURL, interviewId: interview.id, token: token)
        try await MessageDelivery.markAttempt(channel, id: record.id, on: db, logger: logger)
        let messageId: String
        do {
            messageId = try await sender.send(details, link: link, recordId: record.id)
        } catch let error as ProviderError {
            if ProviderFailure.certainlyNotSent(error) {
                var isFinal = context.isLastAttempt
                if case .permanent = error.kind { isFinal = true }
                if isFinal {
                    try await MessageDelivery.markFailed(channel, id: record.id, error: error.description, on: db, logger: logger)
                    await publish(interview: interview, channel: channel, status: "FAILED", error: error.description)
                } else {
                    try await MessageDelivery.clearAttempt(channel, id: record.id, error: error.description, on: db, logger: logger)
                }
                throw ProviderFailure.jobError(error)
            }
            let reason = "\(error.description); \(sender.providerName) may or may not have delivered the invite, "
                + "resend it if the candidate did not receive it"
            try await markUncertain(record.id, interview: interview, channel: channel, reason: reason, logger: logger)
            throw PermanentJobError("\(reason) (not sent again, to avoid a duplicate)")
        }
        try await MessageDelivery.markSent(channel, id: record.id, messageId: messageId, on: db, logger: logger)
        await publish(interview: interview, channel: channel, status: "SENT", error: nil)
    }

    private func markUncertain(_ id: UUID, interview: Interview, channel: MessageDelivery.Channel, reason: String, logger: Logger) async throws {
        try await MessageDelivery.markUncertain(channel, id: id, error: reason, on: platform.postgres, logger: logger)
        await publish(interview: interview, channel: channel, status: "UNCERTAIN", error: reason)
    }

    /// `email:status` / `whatsapp:status` to the recruiter's sockets.
    func publish(interview: Interview, channel: MessageDelivery.Channel, status: String, error: String?) async {
        let name: RealtimeEventName<DeliveryStatusUpdate> = channel == .email ? .emailStatus : .whatsappStatus
        if let event = try? RealtimeEvent.deliveryStatus(name, DeliveryStatusUpdate(interviewId: interview.id, status: status, error: error),
                                                         recruiterId: interview.recruiterId) {
            await platform.events.publish(event)
        }
    }
}
