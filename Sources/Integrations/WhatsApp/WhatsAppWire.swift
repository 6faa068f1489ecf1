/// The WhatsApp Cloud API (Graph) wire format for `POST /v{N}.0/{phone-number-id}/messages`.
enum WhatsAppWire {
    /// A template message request body.
    struct TemplateRequest: Encodable {
        struct Template: Encodable {
            struct Language: Encodable {
                var code: String
            }

            var name: String
            var language: Language
            var components: [WhatsAppTemplateComponent]?
        }

        var messagingProduct = "whatsapp"
        var recipientType = "individual"
        var to: String
        var type = "template"
        var template: Template
        var bizOpaqueCallbackData: String?

        enum CodingKeys: String, CodingKey {
            case to, type, template
            case messagingProduct = "messaging_product"
            case recipientType = "recipient_type"
            case bizOpaqueCallbackData = "biz_opaque_callback_data"
        }

        init(_ message: WhatsAppTemplateMessage) {
            to = message.to
            template = Template(
                name: message.templateName,
                language: Template.Language(code: message.languageCode),
                components: message.components.isEmpty ? nil : message.components)
            bizOpaqueCallbackData = message.callbackData
        }
    }

    /// The 200 answer.
    struct SendResponse: Decodable {
        struct Contact: Decodable {
            var waID: String?

            enum CodingKeys: String, CodingKey {
                case waID = "wa_id"
            }
        }

        struct Message: Decodable {
            var id: String
            var messageStatus: String?

            enum CodingKeys: String, CodingKey {
                case id
                case messageStatus = "message_status"
            }
        }

        var contacts: [Contact]?
        var messages: [Message]
    }

    /// The Graph error envelope: `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id", "error_data"}}`.
    struct ErrorEnvelope: Decodable {
        struct GraphError: Decodable {
            struct ErrorData: Decodable {
                var details: String?
            }

            var message: String?
            var type: String?
            var code: Int?
            var errorSubcode: Int?
            var fbtraceID: String?
            var errorData: ErrorData?

            enum CodingKeys: String, CodingKey {
                case message, type, code
                case errorSubcode = "error_subcode"
                case fbtraceID = "fbtrace_id"
                case errorData = "error_data"
            }
        }

        var error: GraphError
    }
}
