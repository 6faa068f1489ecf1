import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Gives every request an id: the caller's `X-Request-Id` when it is sane, a new one otherwise.
/// The id is added to the request's log metadata and echoed in the response.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Tags the request and its response with the id.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let incoming = request.headers[.requestID]
        let id: String
        if let incoming, (1...128).contains(incoming.count),
           incoming.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.:".unicodeScalars.contains($0)) }) {
            id = incoming
        } else {
            id = UUID().uuidString.lowercased()
        }
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = id
            return response
        } catch let error as APIError {
            var error = error
            error.headers[.requestID] = id
            throw error
        }
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    public static let requestID = HTTPField.Name("X-Request-Id")!
}
