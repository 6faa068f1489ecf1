import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// An error the client is meant to see, rendered as `{"error": "...", "code": "..."}`.
///
/// `error` is a human-readable message (the frontend shows `error.message || error.error`),
/// `code` a stable machine-readable identifier, `fields` per-field problems for validation errors.
public struct APIError: HTTPResponseError, Sendable {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// Stable machine-readable code, e.g. `validation_failed`.
    public var code: Code
    /// Human-readable message.
    public var message: String
    /// Per-field validation messages.
    public var fields: [String: String]?
    /// Extra response headers (e.g. `Retry-After`).
    public var headers: HTTPFields

    /// Creates an error response.
    public init(_ status: HTTPResponse.Status, code: Code, message: String, fields: [String: String]? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    /// 404 for an unknown route or a resource that does not exist or is not the caller's.
    public static func notFound(_ message: String = "Not found") -> APIError {
        APIError(.notFound, code: .notFound, message: message)
    }

    /// 503 naming what is unavailable.
    public static func unavailable(_ message: String) -> APIError {
        APIError(.serviceUnavailable, code: .unavailable, message: message)
    }

    /// 400 `validation_failed` for one field: the message is "`field` `problem`" and `fields`
    /// names the field's problem (e.g. `validation(field: "limit", problem: "must be between 1 and 500")`).
    public static func validation(field: String, problem: String) -> APIError {
        APIError(.badRequest, code: .validationFailed, message: "\(field) \(problem)", fields: [field: problem])
    }

    private struct Body: Encodable {
        let error: String
        let code: String
        let fields: [String: String]?
    }

    /// Renders the JSON body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(Body(error: message, code: code.rawValue, fields: fields))
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
