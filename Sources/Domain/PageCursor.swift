public import Foundation

/// A position in a list ordered newest first by `(created_at, id)`: the last row of a page.
///
/// Serialised as an opaque token in `?cursor=` and in `Link` headers; queries compare against
/// that row's own `(created_at, id)`, so timestamps never round-trip through the client.
public struct PageCursor: Sendable, Equatable {
    /// Id of the last row seen.
    public var id: UUID

    /// Creates a cursor after row `id`.
    public init(id: UUID) { self.id = id }

    /// The opaque token.
    public var token: String {
        Data(id.uuidString.lowercased().utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Parses a token; `nil` when it is not one this type made.
    public init?(token: String) {
        guard token.count <= 64 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              let id = UUID(uuidString: text) else { return nil }
        self.id = id
    }
}
