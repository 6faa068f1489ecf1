import Core
import Domain
import Foundation
import Integrations
import Logging

/// Invites by email: Brevo, or the local outbox without `BREVO_API_KEY`.
///
/// The sender is the platform's address with `BREVO_SENDER_NAME` as its display name: recruiters
/// do not choose the display name of the platform's sending address. The company appears in the
/// subject and (escaped) in the body, and the recruiter's address is the Reply-To.
struct EmailInviteSender: InviteSender {
    let platform: Platform
    let providers: ProviderSet
    let logger: Logger

    var channel: MessageDelivery.Channel { .email }
    var providerName: String { providers.brevo == nil ? "the local outbox" : "Brevo" }

    func check(_ details: InviteDetails) throws {}

    func send(_ details: InviteDetails, link: String, recordId: UUID) async throws -> String {
        let interview = details.interview
        let logoURL = details.profile.logoFileId.map { "\(platform.configuration.api.publicURL)/files/\($0.uuidString.lowercased())" }
        let email = InviteEmail(details: details, link: link, logoURL: logoURL)
        let rowId = recordId.uuidString.lowercased()
        guard let brevo = providers.brevo else {
            let body = "To: \(interview.candidateEmail)\nSubject: \(email.subject)\n\n\(email.text)\n\n--- HTML ---\n\(email.html)\n"
            let file = try providers.outbox.write(channel: "email", id: rowId, fileExtension: "eml", body: Data(body.utf8))
            logger.notice("BREVO_API_KEY is not set: invite written to the local outbox", metadata: ["path": "\(file.path)"])
            return "outbox:\(rowId)"
        }
        let credentials = platform.configuration.providers
        let sent = try await brevo.send(BrevoEmail(
            sender: BrevoContact(email: credentials.brevoSenderEmail, name: credentials.brevoSenderName),
            to: [BrevoContact(email: interview.candidateEmail, name: interview.candidateName)],
            subject: email.subject, htmlContent: email.html, textContent: email.text,
            replyTo: details.recruiterEmail.isEmpty ? nil : BrevoContact(email: details.recruiterEmail),
            tags: ["interview-invite"],
            headers: ["X-Mailin-custom": #"{"emailMessageId":"\#(rowId)"}"#]
        ))
        return sent.normalized
    }
}
