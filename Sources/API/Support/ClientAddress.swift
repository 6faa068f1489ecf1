import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// The client's address for rate limiting.
enum ClientAddress {
    /// The first `X-Forwarded-For` entry when the proxy is trusted, else the peer's IP.
    static func of(_ request: Request, context: APIRequestContext, trustProxy: Bool) -> String? {
        if trustProxy, let forwarded = request.headers[.xForwardedFor],
           let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty, first.count <= 64 {
            return first
        }
        return context.remoteAddress?.ipAddress
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
