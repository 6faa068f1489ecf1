public import Foundation

/// The body of a failed Deepgram REST call (e.g. `POST /v1/speak`), in any of its three shapes:
///
/// - legacy: `{"err_code": "INVALID_AUTH", "err_msg": "Invalid credentials.", "request_id": "…"}`
/// - modern: `{"category": "…", "message": "…", "details": "…", "request_id": "…"}`
/// - plain text.
public struct DeepgramErrorResponse: Codable, Sendable, Equatable {
    /// `err_code` or `category`.
    public var code: String?
    /// `err_msg` or `message`, or the whole body when it is plain text.
    public var message: String
    /// `details` (modern shape).
    public var details: String?
    /// `request_id`.
    public var requestId: String?

    /// An error response.
    public init(code: String? = nil, message: String, details: String? = nil, requestId: String? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.requestId = requestId
    }

    /// The error in a response body; never fails (an unrecognised body becomes the message).
    public static func parse(_ body: Data) -> DeepgramErrorResponse {
        if let decoded = try? JSONDecoder().decode(DeepgramErrorResponse.self, from: body) {
            return decoded
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return DeepgramErrorResponse(message: text)
    }

    private enum CodingKeys: String, CodingKey {
        case errCode = "err_code"
        case errMsg = "err_msg"
        case category, message, details
        case requestId = "request_id"
    }

    /// Decodes either JSON shape; fails when neither `err_msg` nor `message` is present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decodeIfPresent(String.self, forKey: .errCode)
            ?? container.decodeIfPresent(String.self, forKey: .category)
        guard let message = try container.decodeIfPresent(String.self, forKey: .errMsg)
            ?? container.decodeIfPresent(String.self, forKey: .message)
        else {
            throw DecodingError.keyNotFound(
                CodingKeys.message, .init(codingPath: decoder.codingPath, debugDescription: "neither err_msg nor message"))
        }
        self.message = message
        details = try container.decodeIfPresent(String.self, forKey: .details)
        requestId = try container.decodeIfPresent(String.self, forKey: .requestId)
    }

    /// Writes the legacy shape (`err_code`, `err_msg`, `request_id`), as the live API answers
    /// authentication failures.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(code, forKey: .errCode)
        try container.encode(message, forKey: .errMsg)
        try container.encodeIfPresent(details, forKey: .details)
        try container.encodeIfPresent(requestId, forKey: .requestId)
    }
}
