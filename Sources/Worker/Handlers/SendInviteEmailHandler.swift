import Core
import Domain
import Foundation
import Integrations
public import Jobs
import Logging

/// `send_invite_email`: the recruiter's branded invite, through Brevo (or the local outbox without
/// `BREVO_API_KEY`).
///
/// Idempotent across retries and crashes: the job's `email_messages` row is written before the
/// provider is called and marked "attempt in flight"; a retry that finds a provider id does not
/// send again, and one that finds an attempt whose outcome was never recorded (the worker died
/// between the call and the commit) refuses to risk a duplicate and says so.
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
        let logger = context.logger
        let db = platform.postgres
        guard let details = try await InviteDetails.load(interviewId: arguments.interviewId, on: db, logger: logger) else {
            logger.info("interview deleted before its invite was sent")
            return
        }
        let interview = details.interview
        guard interview.status == .pending, interview.expiresAt > Date() else {
            throw PermanentJobError("the interview is \(interview.status.rawValue.lowercased()) and past inviting")
        }
        let record = try await MessageDelivery.record(.email, jobId: context.id, interviewId: interview.id, on: db, logger: logger)
        if record.messageId != nil {
            logger.info("invite already sent by an earlier attempt", metadata: ["message_id": "\(record.messageId ?? "")"])
            return
        }
        if record.attemptedAt != nil {
            throw PermanentJobError("an earlier attempt called the email provider and stopped before recording the outcome; not sending again to avoid a duplicate (resend the invite if the candidate did not receive it)")
        }
        let token = try InviteLink.token(for: interview, version: details.tokenVersion, secret: platform.configuration.jwtSecret)
        let link = InterviewToken.link(frontendURL: platform.configuration.frontendURL, interviewId: interview.id, token: token)
        let logoURL = details.profile.logoFileId.map { "\(platform.configuration.api.publicURL)/files/\($0.uuidString.lowercased())" }
        let email = InviteEmail(details: details, link: link, logoURL: logoURL)
        let messageId: String
        try await MessageDelivery.markAttempt(.email, id: record.id, on: db, logger: logger)
        if let brevo = providers.brevo {
            let credentials = platform.configuration.providers
            do {
                let sent = try await brevo.send(BrevoEmail(
                    sender: BrevoContact(email: credentials.brevoSenderEmail, name: details.profile.companyName ?? credentials.brevoSenderName),
                    to: [BrevoContact(email: interview.candidateEmail, name: interview.candidateName)],
                    subject: email.subject, htmlContent: email.html, textContent: email.text,
                    replyTo: details.recruiterEmail.isEmpty ? nil : BrevoContact(email: details.recruiterEmail),
                    tags: ["interview-invite"],
                    headers: ["X-Mailin-custom": #"{"emailMessageId":"\#(record.id.uuidString.lowercased())"}"#]
                ))
                messageId = sent.normalized
            } catch let error as ProviderError {
                if ProviderFailure.certainlyNotSent(error) {
                    try await MessageDelivery.clearAttempt(.email, id: record.id, error: error.description, on: db, logger: logger)
                    if case .permanent = error.kind {
                        try await MessageDelivery.markFailed(.email, id: record.id, error: error.description, on: db, logger: logger)
                        await publish(interview: interview, status: "FAILED")
                    }
                }
                throw ProviderFailure.jobError(error)
            }
        } else {
            let body = "To: \(interview.candidateEmail)\nSubject: \(email.subject)\n\n\(email.text)\n\n--- HTML ---\n\(email.html)\n"
            let file = try providers.outbox.write(channel: "email", id: record.id.uuidString.lowercased(), fileExtension: "eml", body: Data(body.utf8))
            logger.notice("BREVO_API_KEY is not set: invite written to the local outbox", metadata: ["path": "\(file.path)"])
            messageId = "outbox:\(record.id.uuidString.lowercased())"
        }
        try await MessageDelivery.markSent(.email, id: record.id, messageId: messageId, on: db, logger: logger)
        await publish(interview: interview, status: "SENT")
    }

    func publish(interview: Interview, status: String) async {
        struct Payload: Encodable { let interviewId: UUID; let status: String }
        if let event = try? RealtimeEvent(name: "email:status", rooms: [RealtimeEvent.userRoom(interview.recruiterId)],
                                          data: Payload(interviewId: interview.id, status: status)) {
            await platform.events.publish(event)
        }
    }
}

/// The candidate's interview token, as put in invite links.
enum InviteLink {
    static func token(for interview: Interview, version: Int, secret: String) throws -> String {
        try InterviewToken.issue(interviewId: interview.id, version: version, expiresAt: interview.expiresAt, timeLimitMinutes: interview.timeLimit,
                                 signer: TokenSigner(secret: secret))
    }
}
