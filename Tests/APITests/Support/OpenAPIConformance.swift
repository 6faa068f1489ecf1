import Foundation
import HTTPTypes

/// Checks responses against `openapi.json` through ``OpenAPIDocument``.
enum OpenAPIConformance {
    /// Problems of `response` to `method path` (empty when it conforms).
    static func check(method: HTTPRequest.Method, path: String, response: APIResponse) -> [String] {
        do {
            return try OpenAPIDocument.repository.get().validate(
                method: method.rawValue, path: path, status: Int(response.status.code),
                contentType: response.headers[.contentType], body: response.body
            )
        } catch {
            return ["openapi.json could not be loaded: \(error)"]
        }
    }
}
