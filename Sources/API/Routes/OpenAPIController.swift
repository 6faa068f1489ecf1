import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route (a resource of this module).
struct OpenAPIController {
    func register(on router: Router<APIRequestContext>) {
        router.get("/openapi.json") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "OpenAPI"),
                  let data = try? Data(contentsOf: url)
            else { throw APIError(.internalServerError, code: .internalError, message: "The OpenAPI document is missing from this build") }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
