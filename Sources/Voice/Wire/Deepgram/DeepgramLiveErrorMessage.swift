/// An error sent as a JSON text frame on the live socket (`{"type": "Error", …}`).
///
/// Deepgram documents errors on the live socket as close frames (see ``DeepgramLiveClose``);
/// this shape is accepted leniently in case a server or fake sends one: every field is optional
/// and the legacy REST names (`err_code`, `err_msg`) are read too.
public struct DeepgramLiveErrorMessage: Codable, Sendable, Equatable {
    /// Short description.
    public var description: String?
    /// Longer message.
    public var message: String?
    /// Error variant or code.
    public var variant: String?

    /// An error message.
    public init(description: String? = nil, message: String? = nil, variant: String? = nil) {
        self.description = description
        self.message = message
        self.variant = variant
    }

    /// The most informative text available.
    public var reason: String {
        [variant, description, message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
    }

    private enum CodingKeys: String, CodingKey {
        case description, message, variant
    }

    private enum LegacyKeys: String, CodingKey {
        case errCode = "err_code"
        case errMsg = "err_msg"
    }

    /// Decodes the error fields, falling back to `err_code` / `err_msg`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let legacy = try decoder.container(keyedBy: LegacyKeys.self)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        message = try container.decodeIfPresent(String.self, forKey: .message)
            ?? legacy.decodeIfPresent(String.self, forKey: .errMsg)
        variant = try container.decodeIfPresent(String.self, forKey: .variant)
            ?? legacy.decodeIfPresent(String.self, forKey: .errCode)
    }
}
