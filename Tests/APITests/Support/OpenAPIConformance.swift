import Foundation
import HTTPTypes

/// Checks responses against `openapi.json` (filled in by ``OpenAPIDocument``).
enum OpenAPIConformance {
    /// Problems of `response` to `method path` (empty when it conforms).
    static func check(method: HTTPRequest.Method, path: String, response: APIResponse) -> [String] {
        []
    }
}
