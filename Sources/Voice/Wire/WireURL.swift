import Foundation

/// Builds provider URLs from a configurable base (production or a local fake).
enum WireURL {
    /// `base` with `path` appended to its own path and `queryItems` as its query; `nil` when
    /// `base` is not a URL with a scheme and host. Query values are percent-encoded, `+` included.
    static func make(base: String, path: String, queryItems: [URLQueryItem]) -> URL? {
        guard var components = URLComponents(string: base), components.scheme != nil, components.host != nil else {
            return nil
        }
        let basePath = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.path = basePath + path
        components.queryItems = queryItems.isEmpty ? nil : queryItems
        // URLComponents leaves "+" as is, which servers read as a space ("C++" in a keyterm).
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url
    }
}
