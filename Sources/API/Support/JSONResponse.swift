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
        let data = try encoder.encode(value)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
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
