import Foundation
import Integrations
import Testing

/// Recording uploads to Cloud Storage carry a signed size bound.
@Suite struct GCSRecordingStoreTests {
    @Test func uploadURLsSignTheContentLengthRangeTheClientMustSend() throws {
        let store = GCSRecordingStore(bucket: "recordings-bucket", signer: GCSURLSigner(serviceAccount: try GCSFixtures.serviceAccount())) { _ in }
        let url = try store.uploadURL(key: "recordings/a/1-v.webm", contentType: "video/webm", maxBytes: 5_000, expiresIn: 900)
        let query = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems)
        let signedHeaders = try #require(query.first { $0.name == "X-Goog-SignedHeaders" }?.value)
        #expect(signedHeaders.split(separator: ";").contains("x-goog-content-length-range"))
        #expect(signedHeaders.split(separator: ";").contains("content-type"))
        #expect(store.uploadHeaders(contentType: "video/webm", maxBytes: 5_000) == [
            "Content-Type": "video/webm", "x-goog-content-length-range": "0,5000",
        ])
    }
}
