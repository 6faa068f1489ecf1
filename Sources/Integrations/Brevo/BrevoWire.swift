/// Brevo's transactional e-mail wire format.
enum BrevoWire {
    /// The `POST /v3/smtp/email` body.
    struct SendRequest: Encodable {
        var sender: BrevoContact
        var to: [BrevoContact]
        var cc: [BrevoContact]?
        var bcc: [BrevoContact]?
        var replyTo: BrevoContact?
        var subject: String?
        var htmlContent: String?
        var textContent: String?
        var templateId: Int?
        var params: [String: String]?
        var tags: [String]?
        var headers: [String: String]?

        init(_ email: BrevoEmail) {
            sender = email.sender
            to = email.to
            cc = email.cc.isEmpty ? nil : email.cc
            bcc = email.bcc.isEmpty ? nil : email.bcc
            replyTo = email.replyTo
            subject = email.subject
            htmlContent = email.htmlContent
            textContent = email.textContent
            templateId = email.templateId
            params = email.params.isEmpty ? nil : email.params
            tags = email.tags.isEmpty ? nil : email.tags
            headers = email.headers.isEmpty ? nil : email.headers
        }
    }

    /// The 201 answer.
    struct SendResponse: Decodable {
        var messageId: String?
        var messageIds: [String]?
    }

    /// An error answer: `{"code": "...", "message": "..."}`.
    struct ErrorBody: Decodable {
        var code: String?
        var message: String?
    }
}
