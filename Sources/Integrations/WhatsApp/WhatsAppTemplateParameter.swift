/// A value substituted into a WhatsApp message template.
public enum WhatsAppTemplateParameter: Sendable, Hashable, Encodable {
    /// Text for a `{{n}}` placeholder (body, text header, or a URL button's suffix).
    case text(String)
    /// An image header, by public HTTPS link.
    case image(link: String)
    /// A document header, by public HTTPS link, with an optional file name.
    case document(link: String, filename: String?)
    /// A video header, by public HTTPS link.
    case video(link: String)
    /// The payload returned when a quick-reply button is tapped.
    case payload(String)

    private enum CodingKeys: String, CodingKey {
        case type, text, image, document, video, payload
    }

    private struct Media: Encodable {
        var link: String
        var filename: String?
    }

    /// Encodes the Graph API parameter object, for example `{"type":"text","text":"Ana"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
        case .image(let link):
            try container.encode("image", forKey: .type)
            try container.encode(Media(link: link), forKey: .image)
        case .document(let link, let filename):
            try container.encode("document", forKey: .type)
            try container.encode(Media(link: link, filename: filename), forKey: .document)
        case .video(let link):
            try container.encode("video", forKey: .type)
            try container.encode(Media(link: link), forKey: .video)
        case .payload(let payload):
            try container.encode("payload", forKey: .type)
            try container.encode(payload, forKey: .payload)
        }
    }
}
