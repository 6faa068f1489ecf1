import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// The client's address for rate limiting.
enum ClientAddress {
    /// The last `X-Forwarded-For` entry when the proxy is trusted, else the peer's IP.
    ///
    /// Each proxy appends the address it received the request from, so the last entry is the one
    /// the trusted proxy in front of the API wrote; every entry before it came with the request
    /// and may be anything the client chose.
    static func of(_ request: Request, context: APIRequestContext, trustProxy: Bool) -> String? {
        if trustProxy, let last = lastForwarded(request.headers[values: .xForwardedFor]) {
            return last
        }
        return context.remoteAddress?.ipAddress
    }

    /// The last entry of `X-Forwarded-For` field values (several fields count as one list, in
    /// order); `nil` when it is empty or longer than 64 characters.
    static func lastForwarded(_ values: [String]) -> String? {
        let entries = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let last = entries.last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 64 else { return nil }
        return last
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
