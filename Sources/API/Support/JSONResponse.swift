import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// JSON responses in the API's one format (sorted keys, ISO 8601 dates).
enum JSONResponse {
    /// The API's encoder.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }

    /// `value` as a JSON response with `status`.
    static func make(_ status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = [:]) throws -> Response {
        let data = try lowercasingIDs(encoder.encode(value))
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Ids are lower-case UUIDs everywhere (as in URLs and PostgreSQL's text form); Foundation
    /// encodes `UUID` in upper case, so values of `id`, `…Id` and `uploadedBy` keys are rewritten.
    static func lowercasingIDs(_ data: Data) throws -> Data {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return data }
        func walk(_ value: Any, key: String?) -> Any {
            switch value {
            case let dictionary as [String: Any]:
                return dictionary.reduce(into: [String: Any]()) { $0[$1.key] = walk($1.value, key: $1.key) }
            case let array as [Any]:
                return array.map { walk($0, key: key) }
            case let text as String:
                if let key, key == "id" || key.hasSuffix("Id") || key == "uploadedBy", UUID(uuidString: text) != nil {
                    return text.lowercased()
                }
                return text
            default:
                return value
            }
        }
        return try JSONSerialization.data(withJSONObject: walk(object, key: nil), options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
    }

    /// `{"success": true}`, as the old API answered deletions.
    static func success() throws -> Response {
        try make(.ok, ["success": true])
    }
}

extension Request {
    /// The UUID in path parameter `name`; 404 when it is not a UUID (nothing can have that id).
    func uuidParameter(_ name: String, context: APIRequestContext, resource: String) throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIError.notFound("\(resource) not found")
        }
        return id
    }
}
