import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Reading JSON request bodies with a size limit and clear errors.
extension Request {
    /// Decodes the body as `T` (at most `limit` bytes) and validates it.
    ///
    /// Oversized → 413, a body without `Content-Type: application/json` (or `…+json`) → 415
    /// `unsupported_media_type` (an empty body may omit it), not JSON → 400 `invalid_json`, wrong types → 400 `validation_failed` with
    /// the field named, failed checks → 400 `validation_failed` with every field's problem (a
    /// string with a control character other than tab/LF/CR is one, in every body).
    func decodeJSON<T: Decodable & Validatable>(as type: T.Type, limit: Int = 64 << 10) async throws -> T {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, code: .payloadTooLarge, message: "The body is larger than \(limit) bytes")
        }
        let declaresJSON = headers[.contentType].map(Self.isJSONMediaType)
        if declaresJSON == false {
            throw Self.notJSON
        }
        let body = self.body
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, code: .payloadTooLarge, message: "The body is larger than \(limit) bytes")
        }
        // A body needs `Content-Type: application/json`: without it, a cross-site form or
        // `fetch(…, {mode: "no-cors"})` could send JSON that browsers do not preflight.
        if declaresJSON == nil && buffer.readableBytes > 0 {
            throw Self.notJSON
        }
        let data = Data(buffer.readableBytesView)
        let value: T
        do {
            value = try JSONDecoder.api.decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch let error as DecodingError {
            throw APIError.decoding(error)
        } catch {
            throw APIError(.badRequest, code: .invalidJSON, message: "The body is not valid JSON")
        }
        var validator = Validator()
        validator.controlCharacters(in: value)
        value.validate(&validator)
        try validator.finish()
        return value
    }
}

extension Request {
    /// The 415 for a body that is not declared as JSON.
    static var notJSON: APIError {
        APIError(.unsupportedMediaType, code: .unsupportedMediaType, message: "Send the body with Content-Type: application/json")
    }

    /// Whether a `Content-Type` value is `application/json` or a `+json` type (parameters such as
    /// `charset` allowed).
    static func isJSONMediaType(_ value: String) -> Bool {
        let type = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }
}

extension JSONDecoder {
    /// The API's decoder: ISO 8601 dates with or without fractional seconds, within
    /// ``ISO8601/earliest`` … ``ISO8601/latest``.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = ISO8601.parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be an ISO 8601 date-time between 2000-01-01 and 2200-01-01")
        }
        return decoder
    }
}

extension APIError {
    /// A 400 naming the field a decoding error is about.
    static func decoding(_ error: DecodingError) -> APIError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let name = path(context.codingPath + [key])
            return APIError.validation(field: name, problem: "is required")
        case .typeMismatch(let type, let context):
            let name = path(context.codingPath)
            let expected = describe(type)
            return APIError.validation(field: name, problem: "must be \(expected)")
        case .valueNotFound(_, let context):
            let name = path(context.codingPath)
            return APIError.validation(field: name, problem: "must not be null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return APIError(.badRequest, code: .invalidJSON, message: "The body is not valid JSON")
            }
            let name = path(context.codingPath)
            return APIError.validation(field: name, problem: context.debugDescription)
        @unknown default:
            return APIError(.badRequest, code: .invalidJSON, message: "The body could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: "of another type"
        }
    }
}
