import Core
import Domain
import Foundation
import Integrations
import Jobs
import Logging

/// Invites by WhatsApp: the configured template through the WhatsApp Cloud API, or the local
/// outbox without `WHATSAPP_API_KEY`.
struct WhatsAppInviteSender: InviteSender {
    let platform: Platform
    let providers: ProviderSet
    let logger: Logger

    var channel: MessageDelivery.Channel { .whatsapp }
    var providerName: String { providers.whatsapp == nil ? "the local outbox" : "WhatsApp" }

    func check(_ details: InviteDetails) throws {
        guard details.interview.candidatePhone != nil else {
            throw PermanentJobError("the interview has no candidate phone (E.164) for a WhatsApp invite")
        }
    }

    func send(_ details: InviteDetails, link: String, recordId: UUID) async throws -> String {
        let interview = details.interview
        let phone = interview.candidatePhone ?? ""
        let company = details.profile.companyName ?? "VantaHire"
        let settings = platform.configuration.providers
        let rowId = recordId.uuidString.lowercased()
        guard let whatsapp = providers.whatsapp else {
            let body = "To: \(phone)\nTemplate: \(settings.whatsappTemplateName) (\(settings.whatsappTemplateLanguage))\n"
                + "Parameters: \(interview.candidateName ?? "there") | \(company) | \(link)\n"
            let file = try providers.outbox.write(channel: "whatsapp", id: rowId, fileExtension: "txt", body: Data(body.utf8))
            logger.notice("WHATSAPP_API_KEY is not set: invite written to the local outbox", metadata: ["path": "\(file.path)"])
            return "outbox:\(rowId)"
        }
        let parameters: [WhatsAppTemplateParameter] = [.text(interview.candidateName ?? "there"), .text(company), .text(link)]
        let sent = try await whatsapp.sendTemplate(WhatsAppTemplateMessage(
            to: String(phone.dropFirst()), templateName: settings.whatsappTemplateName, languageCode: settings.whatsappTemplateLanguage,
            components: [WhatsAppTemplateComponent(type: "body", parameters: parameters)],
            callbackData: "whatsapp_message:\(rowId)"
        ))
        return sent.messageID
    }
}
