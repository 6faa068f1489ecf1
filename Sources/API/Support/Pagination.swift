import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `?limit=&cursor=` paging of newest-first lists, with a `Link: <…>; rel="next"` header.
///
/// Without `limit` a list is returned whole, up to ``wholeListCap`` rows (the web app reads lists
/// without following `Link`); beyond the cap the `Link` header names the rest.
struct Page {
    /// Rows returned when the request gives no `limit`.
    static let wholeListCap = 1_000

    /// Rows to return (1–100 when asked, ``wholeListCap`` otherwise).
    let limit: Int
    /// Where the page starts.
    let cursor: PageCursor?

    /// Reads `limit` and `cursor` from `request`; 400 when they are malformed.
    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...100).contains(value) else {
                throw APIError.validation(field: "limit", problem: "must be an integer between 1 and 100")
            }
            limit = value
        } else {
            limit = Self.wholeListCap
        }
        if let text = query["cursor"] {
            guard let cursor = PageCursor(token: String(text)) else {
                throw APIError.validation(field: "cursor", problem: "is not a cursor this API returned")
            }
            self.cursor = cursor
        } else {
            cursor = nil
        }
    }

    /// Rows to fetch: one more than the page, to know whether a next page exists.
    var fetchLimit: Int { limit + 1 }

    /// A JSON array response of the first `limit` of `rows`, with a `Link` to the next page.
    func response<Row: Encodable>(_ rows: [Row], request: Request, id: (Row) -> UUID) throws -> Response {
        let pageRows = Array(rows.prefix(limit))
        var response = try JSONResponse.make(.ok, pageRows)
        if rows.count > limit, let last = pageRows.last {
            var components = URLComponents()
            components.path = request.uri.path
            var items = request.uri.queryParameters.filter { $0.key != "cursor" }.map {
                URLQueryItem(name: String($0.key), value: String($0.value))
            }.sorted { $0.name < $1.name }
            items.append(URLQueryItem(name: "cursor", value: PageCursor(id: id(last)).token))
            components.queryItems = items
            if let link = components.string {
                response.headers[.link] = "<\(link)>; rel=\"next\""
            }
        }
        return response
    }
}

extension HTTPField.Name {
    /// `Link`.
    static let link = HTTPField.Name("Link")!
}
