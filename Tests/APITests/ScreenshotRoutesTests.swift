@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import TestSupport
import Testing

/// `POST/GET /interviews/:id/screenshots`: the candidate's token uploads images of its own
/// interview within the SCREENSHOT limits; the owner lists and downloads them; they leave with
/// the interview.
@Suite struct ScreenshotRoutesTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9]
    static let webp: [UInt8] = Array("RIFF".utf8) + [0x1A, 0x00, 0x00, 0x00] + Array("WEBPVP8L".utf8) + [0x0D, 0x00, 0x00, 0x00, 0x2F, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00]

    /// A multipart body with one `file` part.
    static func multipart(_ bytes: [UInt8], name: String = "shot.png") -> (ByteBuffer, HTTPFields) {
        let boundary = "----vhshot\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return (body, [.contentType: "multipart/form-data; boundary=\(boundary)"])
    }

    static func upload(_ api: APIHarness, _ interview: UUID, _ bytes: [UInt8], token: String?, name: String = "shot.png") async throws -> APIResponse {
        let (body, headers) = multipart(bytes, name: name)
        return try await api.request(.post, "/interviews/\(interview.uuidString.lowercased())/screenshots", token: token, body: body, headers: headers)
    }

    @Test func theCandidateUploadsImagesAndTheOwnerListsAndDownloadsThem() async throws {
        try await APIHarness.with { api in
            let owner = try await api.signUp()
            let interview = try await api.interview(of: owner)
            let candidate = try await api.candidateToken(for: interview, owner: owner)
            var uploaded: [String: [UInt8]] = [:]
            for (bytes, type) in [(tinyPNG, "image/png"), (Self.jpeg, "image/jpeg"), (Self.webp, "image/webp")] {
                let response = try await Self.upload(api, interview, bytes, token: candidate)
                #expect(response.status == .created, "\(type): \(response.text)")
                #expect(response.object["mimeType"] as? String == type)
                #expect(response.object["size"] as? Int == bytes.count)
                #expect(response.object["interviewId"] as? String == interview.uuidString.lowercased())
                uploaded[try #require(response.object["fileId"] as? String)] = bytes
            }
            // The candidate may also authenticate with ?token= (the link's form).
            let (body, headers) = Self.multipart(tinyPNG)
            let viaQuery = try await api.request(.post, "/interviews/\(interview.uuidString.lowercased())/screenshots?token=\(candidate)",
                                                 body: body, headers: headers)
            #expect(viaQuery.status == .created)
            uploaded[try #require(viaQuery.object["fileId"] as? String)] = tinyPNG

            let list = try await api.request(.get, "/interviews/\(interview.uuidString.lowercased())/screenshots", token: owner.token)
            #expect(list.status == .ok)
            #expect(list.array.count == 4)
            #expect(Set(list.array.compactMap { $0["fileId"] as? String }) == Set(uploaded.keys))
            for item in list.array {
                let fileId = try #require(item["fileId"] as? String)
                #expect((item["url"] as? String)?.hasSuffix("/files/\(fileId)") == true)
                let download = try await api.request(.get, "/files/\(fileId)", token: owner.token)
                #expect(download.status == .ok)
                #expect(Array(download.body) == uploaded[fileId])
            }
            // The candidate does not list them; the owner does not upload.
            #expect(try await api.request(.get, "/interviews/\(interview.uuidString.lowercased())/screenshots", token: candidate).status == .forbidden)
            let byOwner = try await Self.upload(api, interview, tinyPNG, token: owner.token)
            #expect(byOwner.status == .forbidden)
            #expect(byOwner.code == "forbidden")
        }
    }

    @Test func nonImagesOtherInterviewsAndOtherRecruitersAreRefused() async throws {
        try await APIHarness.with { api in
            let owner = try await api.signUp()
            let interview = try await api.interview(of: owner)
            let other = try await api.interview(of: owner)
            let candidate = try await api.candidateToken(for: interview, owner: owner)
            let otherCandidate = try await api.candidateToken(for: other, owner: owner)

            for (bytes, name) in [(tinyPDF, "cv.pdf"), (Array("just some text".utf8), "a.txt"), ([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0], "a.gif")] {
                let refused = try await Self.upload(api, interview, bytes, token: candidate, name: name)
                #expect(refused.status == .unsupportedMediaType, "\(name)")
                #expect(refused.code == "unsupported_file_type")
                #expect((refused.object["error"] as? String)?.isEmpty == false)
            }
            let empty = try await Self.upload(api, interview, [], token: candidate)
            #expect(empty.status == .badRequest)
            let notMultipart = try await api.request(.post, "/interviews/\(interview.uuidString.lowercased())/screenshots", token: candidate,
                                                     json: #"{"file":"x"}"#)
            #expect(notMultipart.status == .unsupportedMediaType)

            // Another interview's token: 404, nothing stored.
            let crossed = try await Self.upload(api, interview, tinyPNG, token: otherCandidate)
            #expect(crossed.status == .notFound)
            #expect(try await Self.upload(api, interview, tinyPNG, token: nil).status == .unauthorized)
            #expect(try await api.scalar("SELECT count(*)::int8 FROM interview_screenshots", as: Int64.self) == 0)

            // Another recruiter: 404 on the list and on the image.
            let shot = try await Self.upload(api, interview, tinyPNG, token: candidate)
            let fileId = try #require(shot.object["fileId"] as? String)
            let stranger = try await api.signUp()
            #expect(try await api.request(.get, "/interviews/\(interview.uuidString.lowercased())/screenshots", token: stranger.token).status == .notFound)
            #expect(try await api.request(.get, "/files/\(fileId)", token: stranger.token).status == .notFound)
        }
    }

    @Test func anInterviewKeepsAtMostFiftyScreenshots() async throws {
        try await APIHarness.with { api in
            let owner = try await api.signUp()
            let interview = try await api.interview(of: owner)
            let candidate = try await api.candidateToken(for: interview, owner: owner)
            #expect(InterviewScreenshot.maximumPerInterview == 50)
            // Concurrent uploads never exceed the cap.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<60 { group.addTask { try await Self.upload(api, interview, tinyPNG, token: candidate).status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 50)
            #expect(statuses.filter { $0 == .conflict }.count == 10)
            let refused = try await Self.upload(api, interview, tinyPNG, token: candidate)
            #expect(refused.status == .conflict)
            #expect(refused.code == "screenshot_limit_reached")
            #expect((refused.object["error"] as? String)?.contains("50") == true)
            #expect(try await api.scalar("SELECT count(*)::int8 FROM interview_screenshots", as: Int64.self) == 50)
        }
    }

    @Test func screenshotsAndTheirBytesAreDeletedWithTheInterview() async throws {
        try await APIHarness.with { api in
            let owner = try await api.signUp()
            let interview = try await api.interview(of: owner)
            let kept = try await api.interview(of: owner)
            let candidate = try await api.candidateToken(for: interview, owner: owner)
            let keptCandidate = try await api.candidateToken(for: kept, owner: owner)
            for _ in 0..<3 { #expect(try await Self.upload(api, interview, tinyPNG, token: candidate).status == .created) }
            let survivor = try await Self.upload(api, kept, Self.jpeg, token: keptCandidate)
            let logo = try await api.upload(tinyPNG, name: "logo.png", category: "LOGO", token: owner.token)
            #expect(logo.status == .created)
            #expect(try await api.scalar("SELECT count(*)::int8 FROM files WHERE category = 'SCREENSHOT'", as: Int64.self) == 4)

            #expect(try await api.request(.delete, "/interviews/\(interview.uuidString.lowercased())", token: owner.token).status == .ok)
            #expect(try await api.scalar("SELECT count(*)::int8 FROM interview_screenshots", as: Int64.self) == 1)
            #expect(try await api.scalar("SELECT count(*)::int8 FROM files WHERE category = 'SCREENSHOT'", as: Int64.self) == 1)
            #expect(try await api.scalar("SELECT count(*)::int8 FROM files WHERE category = 'LOGO'", as: Int64.self) == 1)
            let survivorFile = try #require(survivor.object["fileId"] as? String)
            #expect(try await api.request(.get, "/files/\(survivorFile)", token: owner.token).status == .ok)
        }
    }

    @Test func anUploadOverTwoMegabytesIsRefusedWhileItStreams() async throws {
        try await TestDatabase.with { db in
            let platform = try TestPlatform.make(database: db)
            let app = try buildApplication(platform: platform)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                func json(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil) async throws -> [String: Any] {
                    var headers: HTTPFields = [.contentType: "application/json"]
                    if let token { headers[.authorization] = "Bearer \(token)" }
                    return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
                        (try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
                    }
                }
                let signUp = try await json(.post, "/auth/signup", body: #"{"email":"big@example.com","password":"long enough pw"}"#)
                let token = try #require(signUp["token"] as? String)
                let interview = try #require(try await json(.post, "/interviews", token: token, body: #"{"candidateEmail":"c@example.com"}"#)["id"] as? String)
                let candidate = try #require(try await json(.get, "/interviews/\(interview)/link", token: token)["token"] as? String)

                // Chunked, no Content-Length: the limit can only be enforced as the bytes arrive.
                let connection = try await RawTCPConnection.open(port: port)
                let boundary = "vhbig"
                try await connection.send("""
                    POST /interviews/\(interview)/screenshots HTTP/1.1\r
                    Host: 127.0.0.1\r
                    Authorization: Bearer \(candidate)\r
                    Content-Type: multipart/form-data; boundary=\(boundary)\r
                    Transfer-Encoding: chunked\r
                    \r

                    """)
                func chunk(_ text: String) -> String { String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n" }
                try await connection.send(chunk("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\n\r\n"))
                let piece = String(repeating: "A", count: 64 << 10)
                // 2 MB + 256 KiB of file bytes, and never the end of the body.
                for _ in 0..<36 where !connection.isClosed && !connection.received.contains("413") {
                    try? await connection.send(chunk(piece))
                }
                let answered = await connection.wait(timeout: .seconds(20)) { $0.received.contains("HTTP/1.1 413") }
                #expect(answered, "no 413 before the body ended: \(connection.received.prefix(200))")
                #expect(connection.received.contains("payload_too_large"))
                await connection.close()
                let stored = try await db.client.query("SELECT count(*)::int8 FROM interview_screenshots", logger: db.logger)
                    .decode(Int64.self).first { _ in true }
                #expect(stored == 0)
            }
        }
    }
}
