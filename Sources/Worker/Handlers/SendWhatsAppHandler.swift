import Core
import Domain
import Foundation
import Integrations
public import Jobs
import Logging

/// `send_whatsapp`: the invite template to the candidate's phone through the WhatsApp Cloud API
/// (or the local outbox without `WHATSAPP_API_KEY`), with the same idempotency as email.
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
        let logger = context.logger
        let db = platform.postgres
        guard let details = try await InviteDetails.load(interviewId: arguments.interviewId, on: db, logger: logger) else {
            logger.info("interview deleted before its WhatsApp invite was sent")
            return
        }
        let interview = details.interview
        guard let phone = interview.candidatePhone else {
            throw PermanentJobError("the interview has no candidate phone (E.164) for a WhatsApp invite")
        }
        guard interview.status == .pending, interview.expiresAt > Date() else {
            throw PermanentJobError("the interview is \(interview.status.rawValue.lowercased()) and past inviting")
        }
        let record = try await MessageDelivery.record(.whatsapp, jobId: context.id, interviewId: interview.id, on: db, logger: logger)
        if record.messageId != nil { return }
        if record.attemptedAt != nil {
            throw PermanentJobError("an earlier attempt called WhatsApp and stopped before recording the outcome; not sending again to avoid a duplicate")
        }
        let token = try InviteLink.token(for: interview, version: details.tokenVersion, secret: platform.configuration.jwtSecret)
        let link = InterviewToken.link(frontendURL: platform.configuration.frontendURL, interviewId: interview.id, token: token)
        let company = details.profile.companyName ?? "VantaHire"
        let parameters: [WhatsAppTemplateParameter] = [.text(interview.candidateName ?? "there"), .text(company), .text(link)]
        let settings = platform.configuration.providers
        try await MessageDelivery.markAttempt(.whatsapp, id: record.id, on: db, logger: logger)
        let messageId: String
        if let whatsapp = providers.whatsapp {
            do {
                let sent = try await whatsapp.sendTemplate(WhatsAppTemplateMessage(
                    to: String(phone.dropFirst()), templateName: settings.whatsappTemplateName, languageCode: settings.whatsappTemplateLanguage,
                    components: [WhatsAppTemplateComponent(type: "body", parameters: parameters)],
                    callbackData: "whatsapp_message:\(record.id.uuidString.lowercased())"
                ))
                messageId = sent.messageID
            } catch let error as ProviderError {
                if ProviderFailure.certainlyNotSent(error) {
                    try await MessageDelivery.clearAttempt(.whatsapp, id: record.id, error: error.description, on: db, logger: logger)
                    if case .permanent = error.kind {
                        try await MessageDelivery.markFailed(.whatsapp, id: record.id, error: error.description, on: db, logger: logger)
                        await publish(interview: interview, status: "FAILED")
                    }
                }
                throw ProviderFailure.jobError(error)
            }
        } else {
            let body = "To: \(phone)\nTemplate: \(settings.whatsappTemplateName) (\(settings.whatsappTemplateLanguage))\n"
                + "Parameters: \(interview.candidateName ?? "there") | \(company) | \(link)\n"
            let file = try providers.outbox.write(channel: "whatsapp", id: record.id.uuidString.lowercased(), fileExtension: "txt", body: Data(body.utf8))
            logger.notice("WHATSAPP_API_KEY is not set: invite written to the local outbox", metadata: ["path": "\(file.path)"])
            messageId = "outbox:\(record.id.uuidString.lowercased())"
        }
        try await MessageDelivery.markSent(.whatsapp, id: record.id, messageId: messageId, on: db, logger: logger)
        await publish(interview: interview, status: "SENT")
    }

    func publish(interview: Interview, status: String) async {
        struct Payload: Encodable { let interviewId: UUID; let status: String }
        if let event = try? RealtimeEvent(name: "whatsapp:status", rooms: [RealtimeEvent.userRoom(interview.recruiterId)],
                                          data: Payload(interviewId: interview.id, status: status)) {
            await platform.events.publish(event)
        }
    }
}
