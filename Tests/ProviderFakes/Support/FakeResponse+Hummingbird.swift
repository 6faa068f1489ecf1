internal import Foundation
internal import Hummingbird
internal import NIOCore

extension FakeResponse {
    /// The Hummingbird response for this answer.
    var hummingbirdResponse: Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: Self.fields(headers),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Hummingbird header fields for `headers` (entries with invalid names are skipped).
    static func fields(_ headers: [(name: String, value: String)]) -> HTTPFields {
        var fields = HTTPFields()
        for header in headers {
            guard let name = HTTPFields.Element.Name(header.name) else { continue }
            fields.append(HTTPFields.Element(name: name, value: header.value))
        }
        return fields
    }

}
