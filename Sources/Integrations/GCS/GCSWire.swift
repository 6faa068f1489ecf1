/// Google's OAuth token endpoint and JSON API wire formats.
enum GCSWire {
    /// The token endpoint's 200 answer.
    struct TokenResponse: Decodable {
        var accessToken: String?
        var expiresIn: Int?
        var tokenType: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case tokenType = "token_type"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            accessToken = try container.decodeIfPresent(String.self, forKey: .accessToken)
            tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
            if let seconds = try? container.decodeIfPresent(Int.self, forKey: .expiresIn) {
                expiresIn = seconds
            } else {
                expiresIn = (try? container.decodeIfPresent(String.self, forKey: .expiresIn)).flatMap { $0.flatMap(Int.init) }
            }
        }
    }

    /// The token endpoint's error answer: `{"error": "invalid_grant", "error_description": "…"}`.
    struct OAuthError: Decodable {
        var error: String?
        var errorDescription: String?

        enum CodingKeys: String, CodingKey {
            case error
            case errorDescription = "error_description"
        }
    }

    /// The JSON API's error envelope: `{"error": {"code", "message", "errors": [{"reason", …}]}}`.
    struct JSONAPIError: Decodable {
        struct Body: Decodable {
            struct Item: Decodable {
                var reason: String?
                var message: String?
            }

            var code: Int?
            var message: String?
            var errors: [Item]?
        }

        var error: Body
    }
}
