/// One component of a template message (`header`, `body` or `button`) with its parameters.
public struct WhatsAppTemplateComponent: Sendable, Hashable, Encodable {
    /// The component type: `header`, `body` or `button`.
    public var type: String
    /// For buttons: `url`, `quick_reply`, … (`sub_type`).
    public var subType: String?
    /// For buttons: the button's position in the template, from 0.
    public var index: Int?
    /// The values for the component's placeholders, in order.
    public var parameters: [WhatsAppTemplateParameter]

    /// Creates a component from its raw parts.
    public init(type: String, subType: String? = nil, index: Int? = nil, parameters: [WhatsAppTemplateParameter]) {
        self.type = type
        self.subType = subType
        self.index = index
        self.parameters = parameters
    }

    /// A `header` component.
    public static func header(_ parameters: [WhatsAppTemplateParameter]) -> WhatsAppTemplateComponent {
        WhatsAppTemplateComponent(type: "header", parameters: parameters)
    }

    /// A `body` component.
    public static func body(_ parameters: [WhatsAppTemplateParameter]) -> WhatsAppTemplateComponent {
        WhatsAppTemplateComponent(type: "body", parameters: parameters)
    }

    /// A `button` component: `subType` is `url` (parameter: the URL suffix) or `quick_reply`
    /// (parameter: a payload); `index` is the button's position.
    public static func button(subType: String, index: Int, parameters: [WhatsAppTemplateParameter]) -> WhatsAppTemplateComponent {
        WhatsAppTemplateComponent(type: "button", subType: subType, index: index, parameters: parameters)
    }

    private enum CodingKeys: String, CodingKey {
        case type, index, parameters
        case subType = "sub_type"
    }

    /// Encodes the Graph API component object (the button `index` is sent as a string, as Meta documents).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(subType, forKey: .subType)
        try container.encodeIfPresent(index.map(String.init), forKey: .index)
        try container.encode(parameters, forKey: .parameters)
    }
}
