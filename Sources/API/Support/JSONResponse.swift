import Core
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// JSON responses in the API's one format (``PlatformJSON``: lower-case ids, ISO 8601 dates with
/// milliseconds).
enum JSONResponse {
    /// `value` as a JSON response with `status`.
    static func make(_ status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = [:]) throws -> Response {
        let bytes = try PlatformJSON.encode(value)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
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
