@testable import API
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing

/// The multipart reader's limits hold for chunked bodies (no `Content-Length`): the whole body,
/// the headers of each part, the number of parts and the accepted fields. Each test streams the
/// body lazily and checks how much of it was read before the refusal.
@Suite struct MultipartLimitsTests {
    static let boundary = "----vhlimits"

    /// How many bytes a lazily produced body has handed out.
    final class Produced: Sendable {
        let bytes = Mutex(0)
        var count: Int { bytes.withLock { $0 } }
    }

    /// A chunked upload request whose body is `prefix` then `chunks` repetitions of `repeated`,
    /// then `suffix`, produced only as the reader asks for it.
    /// What is left of a lazily produced body: the prefix (once), the repetitions, the suffix (once).
    final class Source: Sendable {
        let state: Mutex<(prefix: ByteBuffer?, remaining: Int, suffix: ByteBuffer?)>
        let repeated: ByteBuffer

        init(prefix: String, repeated: ByteBuffer, chunks: Int, suffix: String) {
            state = Mutex((ByteBuffer(string: prefix), chunks, ByteBuffer(string: suffix)))
            self.repeated = repeated
        }

        func next() -> ByteBuffer? {
            state.withLock { state in
                if let first = state.prefix {
                    state.prefix = nil
                    return first
                }
                if state.remaining > 0 {
                    state.remaining -= 1
                    return repeated
                }
                defer { state.suffix = nil }
                return state.suffix
            }
        }
    }

    static func request(prefix: String, repeated: ByteBuffer = ByteBuffer(), chunks: Int = 0, suffix: String = "",
                        produced: Produced) -> Request {
        let source = Source(prefix: prefix, repeated: repeated, chunks: chunks, suffix: suffix)
        let stream = AsyncStream<ByteBuffer>(unfolding: {
            let next = source.next()
            if let next { produced.bytes.withLock { $0 += next.readableBytes } }
            return next
        })
        let head = HTTPRequest(method: .post, scheme: "http", authority: "api.test", path: "/files/upload",
                               headerFields: [.contentType: "multipart/form-data; boundary=\(boundary)"])
        return Request(head: head, body: RequestBody(asyncSequence: stream))
    }

    static func part(_ name: String, _ value: String) -> String {
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
    }

    static let fileHeader = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"

    static func refusal(_ request: Request, limit: Int = 1 << 20) async -> APIError? {
        do {
            _ = try await MultipartUpload.read(request) { _ in limit }
            return nil
        } catch {
            return error as? APIError
        }
    }

    @Test func aDocumentedUploadIsRead() async throws {
        let produced = Produced()
        let request = Self.request(prefix: Self.part("category", "LOGO") + Self.fileHeader, repeated: ByteBuffer(bytes: tinyPNG), chunks: 1,
                                   suffix: "\r\n--\(Self.boundary)--\r\n", produced: produced)
        let upload = try await MultipartUpload.read(request) { _ in 1 << 20 }
        #expect(upload.fields == ["category": "LOGO"])
        #expect(upload.fileBytes.readableBytes == tinyPNG.count)
        #expect(upload.fileName == "a.png")
    }

    @Test func theWholeBodyIsCappedAtTheFileLimitPlusTheAllowance() async throws {
        let produced = Produced()
        // A file within its limit, then framing far beyond the allowance (after the closing boundary).
        let request = Self.request(prefix: Self.fileHeader + String(repeating: "a", count: 900_000) + "\r\n--\(Self.boundary)--\r\n",
                                   repeated: ByteBuffer(repeating: 0x20, count: 256 << 10), chunks: 10_000, produced: produced)
        let error = try #require(await Self.refusal(request, limit: 1 << 20))
        #expect(error.status == .contentTooLarge)
        #expect(error.code.rawValue == "payload_too_large")
        #expect(error.message.hasPrefix("The upload is larger than"))
        #expect(produced.count <= (1 << 20) + MultipartUpload.bodyAllowance + (256 << 10))
    }

    @Test func aPartsHeadersAreCapped() async throws {
        let produced = Produced()
        // A 50 MB header value, streamed: refused after a few KiB, never buffered.
        let request = Self.request(prefix: "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"",
                                   repeated: ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 << 10), chunks: 800, produced: produced)
        let error = try #require(await Self.refusal(request, limit: 100 << 20))
        #expect(error.status == .contentTooLarge)
        #expect(error.message.contains("headers"))
        #expect(produced.count <= 256 << 10)
    }

    @Test func onlyTheDocumentedFieldsAreAcceptedEachOnce() async throws {
        let unknown = try #require(await Self.refusal(Self.request(prefix: Self.part("extra", "1"), produced: Produced())))
        #expect(unknown.status == .badRequest)
        #expect(unknown.code.rawValue == "validation_failed")
        #expect(unknown.fields?["extra"] == "is not accepted")
        let twice = try #require(await Self.refusal(Self.request(prefix: Self.part("category", "LOGO") + Self.part("category", "RESUME"), produced: Produced())))
        #expect(twice.status == .badRequest)
        #expect(twice.fields?["category"] == "must be sent once")
        let nameless = try #require(await Self.refusal(Self.request(prefix: "--\(Self.boundary)\r\nContent-Type: text/plain\r\n\r\nx\r\n", produced: Produced())))
        #expect(nameless.status == .badRequest)
    }

    @Test func twoHundredThousandSmallFieldsStopAtTheFirstExtraPart() async throws {
        let produced = Produced()
        let request = Self.request(prefix: Self.part("category", "LOGO"), repeated: ByteBuffer(string: Self.part("f", "1")), chunks: 200_000,
                                   produced: produced)
        let error = try #require(await Self.refusal(request))
        #expect(error.status == .badRequest)
        #expect(produced.count < 64 << 10)
        #expect(MultipartUpload.maximumParts == 2)
    }
}
