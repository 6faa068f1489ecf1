@testable import API
import Core
import Domain
import Foundation
import HTTPTypes
import Integrations
import NIOCore
import PostgresNIO
import TestSupport
import Testing

@Suite struct FileAndVideoRoutesTests {
    @Test func logosArePublicWithETagAndConditionalRequests() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let uploaded = try await api.upload(tinyPNG, name: "../../etc/acme logo.png", category: "LOGO", token: a.token)
            #expect(uploaded.status == .created)
            #expect(uploaded.object["mimeType"] as? String == "image/png")
            #expect(uploaded.object["name"] as? String == "acme logo.png")
            #expect(uploaded.object["size"] as? Int == tinyPNG.count)
            let id = try #require(uploaded.object["id"] as? String)
            let download = try await api.request(.get, "/files/\(id)", validate: false)
            #expect(download.status == .ok)
            #expect(Array(download.body) == tinyPNG)
            #expect(download.headers[.contentType] == "image/png")
            #expect(download.headers[.xContentTypeOptions] == "nosniff")
            #expect(download.headers[.contentDisposition]?.hasPrefix("inline; filename=\"acme logo.png\"") == true)
            let etag = try #require(download.headers[.eTag])
            let cached = try await api.request(.get, "/files/\(id)", headers: [.ifNoneMatch: etag], validate: false)
            #expect(cached.status == .notModified)
            #expect(cached.body.isEmpty)
        }
    }

    @Test func typesAreCheckedFromTheBytesAndLimitsPerCategory() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let textAsLogo = try await api.upload(Array("just text".utf8), name: "logo.png", category: "LOGO", token: a.token)
            #expect(textAsLogo.status == .unsupportedMediaType)
            #expect(textAsLogo.code == "unsupported_file_type")
            let htmlAsResume = try await api.upload(Array("<html>\u{0}</html>".utf8), name: "cv.pdf", category: "RESUME", token: a.token)
            #expect(htmlAsResume.status == .unsupportedMediaType)
            let big = tinyPNG + [UInt8](repeating: 0, count: (1 << 20) + 1)
            let tooBig = try await api.upload(big, name: "big.png", category: "LOGO", token: a.token)
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.code == "payload_too_large")
            let tooBigCategoryLast = try await api.upload(big, name: "big.png", category: "LOGO", token: a.token, categoryFirst: false)
            #expect(tooBigCategoryLast.status == .contentTooLarge)
            let fineAsScreenshot = try await api.upload(big, name: "big.png", category: "SCREENSHOT", token: a.token)
            #expect(fineAsScreenshot.status == .created)
            let noCategory = try await api.request(.post, "/files/upload", token: a.token, body: ByteBuffer(string: "x"),
                                                   headers: [.contentType: "multipart/form-data; boundary=abc"])
            #expect(noCategory.status == .badRequest)
            let notMultipart = try await api.request(.post, "/files/upload", token: a.token, json: "{}")
            #expect(notMultipart.status == .unsupportedMediaType)
            #expect(try await api.upload(tinyPNG, name: "a.png", category: "LOGO", token: nil).status == .unauthorized)
            #expect(try await api.upload(tinyPNG, name: "a.png", category: "AVATAR", token: a.token).status == .badRequest)
            #expect(try await api.scalar("SELECT count(*) FROM files", as: Int.self) == 1)
        }
    }

    @Test func privateFilesOnlyForUploaderAdminOrSharedRecruiterAndDeleteByOwner() async throws {
        try await APIHarness.with { api in
            let a = try await api.signUp()
            let b = try await api.signUp()
            let admin = try await api.admin()
            let doc = try await api.upload(tinyPDF, name: "résumé final.pdf", category: "DOCUMENT", token: a.token)
            let id = try #require(doc.object["id"] as? String)
            #expect(try await api.request(.get, "/files/\(id)").status == .unauthorized)
            #expect(try await api.request(.get, "/files/\(id)", token: b.token).status == .notFound)
            let own = try await api.request(.get, "/files/\(id)", token: a.token, validate: false)
            #expect(own.status == .ok)
            #expect(own.headers[.contentDisposition] == "attachment; filename=\"r_sum_ final.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20final.pdf")
            #expect(own.headers[.cacheControl] == "private, no-cache")
            #expect(try await api.request(.get, "/files/\(id)", token: admin.token, validate: false).status == .ok)
            #expect(try await api.request(.delete, "/files/\(id)", token: b.token).status == .notFound)
            #expect(try await api.request(.delete, "/files/\(id)", token: a.token).status == .ok)
            #expect(try await api.request(.get, "/files/\(id)", token: a.token).status == .notFound)
        }
    }

    @Test func localRecordingsFlowThroughSignedURLs() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vh-rec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDir) }
        try await APIHarness.with(extra: ["DATA_DIR": dataDir.path, "API_URL": "http://api.test"]) { api in
            let a = try await api.signUp()
            let b = try await api.signUp()
            let id = try await api.interview(of: a)
            let other = try await api.interview(of: a)
            let token = try await api.candidateToken(for: id, owner: a)
            let signed = try await api.request(.post, "/videos/upload-url", token: token, json: #"{"interviewId":"\#(id.uuidString)","fileName":"my video.webm"}"#)
            #expect(signed.status == .ok)
            let key = try #require(signed.object["fileKey"] as? String)
            #expect(key.hasPrefix("recordings/\(id.uuidString.lowercased())/"))
            let uploadText = try #require(signed.object["uploadUrl"] as? String)
            let uploadURL = try #require(URLComponents(string: uploadText))
            #expect(uploadURL.host == "api.test")
            let path = uploadURL.percentEncodedPath + "?" + (uploadURL.percentEncodedQuery ?? "")
            let video = ByteBuffer(bytes: [UInt8](repeating: 7, count: 300_000))
            #expect(try await api.request(.put, path, body: video, validate: false).status == .ok)
            let tampered = path.replacingOccurrences(of: "op=put", with: "op=get")
            #expect(try await api.request(.get, tampered, validate: false).status == .forbidden)
            // Confirm checks that the key belongs to the interview.
            let foreign = try await api.request(.post, "/videos/confirm", token: a.token, json: #"{"interviewId":"\#(other.uuidString)","fileKey":"\#(key)"}"#)
            #expect(foreign.status == .badRequest)
            let missing = try await api.request(.post, "/videos/confirm", token: a.token,
                                                json: #"{"interviewId":"\#(id.uuidString)","fileKey":"\#(key)x"}"#)
            #expect(missing.status == .conflict)
            #expect(try await api.request(.post, "/videos/confirm", token: token, json: #"{"interviewId":"\#(id.uuidString)","fileKey":"\#(key)"}"#).status == .ok)
            #expect(try await api.request(.get, "/videos/\(id.uuidString)/watch", token: token).status == .forbidden)
            #expect(try await api.request(.get, "/videos/\(id.uuidString)/watch", token: b.token).status == .notFound)
            let watch = try await api.request(.get, "/videos/\(id.uuidString)/watch", token: a.token)
            let watchText = try #require(watch.object["url"] as? String)
            let watchURL = try #require(URLComponents(string: watchText))
            let played = try await api.request(.get, watchURL.percentEncodedPath + "?" + (watchURL.percentEncodedQuery ?? ""), validate: false)
            #expect(played.status == .ok)
            #expect(played.body.count == 300_000)
            #expect(try await api.request(.delete, "/videos/\(id.uuidString)", token: a.token).status == .ok)
            #expect(try await api.request(.get, "/videos/\(id.uuidString)/watch", token: a.token).status == .notFound)
            #expect(!FileManager.default.fileExists(atPath: dataDir.appendingPathComponent(key).path))
        }
    }

    @Test func recordingUploadsAreLimitedWhileStreaming() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vh-rec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDir) }
        try await APIHarness.with(extra: ["DATA_DIR": dataDir.path, "RECORDING_MAX_BYTES": "10000"]) { api in
            let a = try await api.signUp()
            let id = try await api.interview(of: a)
            let signed = try await api.request(.post, "/videos/upload-url", token: a.token, json: #"{"interviewId":"\#(id.uuidString)","fileName":"v.webm"}"#)
            let urlText = try #require(signed.object["uploadUrl"] as? String)
            let url = try #require(URLComponents(string: urlText))
            let path = url.percentEncodedPath + "?" + (url.percentEncodedQuery ?? "")
            let response = try await api.request(.put, path, body: ByteBuffer(bytes: [UInt8](repeating: 1, count: 20_000)), validate: false)
            #expect(response.status == .contentTooLarge)
            let key = try #require(signed.object["fileKey"] as? String)
            #expect(!FileManager.default.fileExists(atPath: dataDir.appendingPathComponent(key).path))
        }
    }

    /// Uploads `bytes` through a signed local upload URL answer; returns the key.
    private func upload(_ api: APIHarness, _ signed: APIResponse, bytes: Int = 1_000) async throws -> String {
        let text = try #require(signed.object["uploadUrl"] as? String)
        let url = try #require(URLComponents(string: text))
        let path = url.percentEncodedPath + "?" + (url.percentEncodedQuery ?? "")
        #expect(try await api.request(.put, path, body: ByteBuffer(bytes: [UInt8](repeating: 7, count: bytes)), validate: false).status == .ok)
        return try #require(signed.object["fileKey"] as? String)
    }

    @Test func uploadURLsAreCappedPerInterviewAndACompletedInterviewsRecordingIsFinalForItsCandidate() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vh-rec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDir) }
        try await APIHarness.with(extra: ["DATA_DIR": dataDir.path, "API_URL": "http://api.test"]) { api in
            let a = try await api.signUp()
            let id = try await api.interview(of: a)
            let token = try await api.candidateToken(for: id, owner: a)
            let body = #"{"interviewId":"\#(id.uuidString)","fileName":"v.webm"}"#
            let first = try await api.request(.post, "/videos/upload-url", token: token, json: body)
            #expect(first.status == .ok)
            #expect((first.object["uploadHeaders"] as? [String: String])?["Content-Type"] == "video/webm")
            #expect(first.object["maxBytes"] as? Int == 2 << 30)
            let key = try await upload(api, first)
            #expect(try await api.request(.post, "/videos/confirm", token: token, json: #"{"interviewId":"\#(id.uuidString)","fileKey":"\#(key)"}"#).status == .ok)
            // Once completed, the candidate can no longer replace the recording; the owner can.
            try await api.db.client.query("UPDATE interviews SET status = 'COMPLETED', started_at = now(), completed_at = now() WHERE id = \(id)", logger: api.db.logger)
            let refused = try await api.request(.post, "/videos/upload-url", token: token, json: body)
            #expect(refused.status == .conflict)
            #expect(refused.object["code"] as? String == "recording_final")
            let owners = try await api.request(.post, "/videos/upload-url", token: a.token, json: body)
            let replacement = try await upload(api, owners)
            #expect(try await api.request(.post, "/videos/confirm", token: token,
                                          json: #"{"interviewId":"\#(id.uuidString)","fileKey":"\#(replacement)"}"#).object["code"] as? String == "recording_final")
            #expect(try await api.request(.post, "/videos/confirm", token: a.token,
                                          json: #"{"interviewId":"\#(id.uuidString)","fileKey":"\#(replacement)"}"#).status == .ok)
            // The replaced recording leaves storage through the queue, committed with the change.
            let queued = try await api.db.client.query(
                "SELECT args->'keys' ->> 0 FROM background_jobs WHERE kind = 'delete_recordings'", logger: api.db.logger
            ).decode(String.self).collectAll()
            #expect(queued == [key])
            // At most 10 upload URLs per interview, whoever asks.
            for _ in 0..<8 { #expect(try await api.request(.post, "/videos/upload-url", token: a.token, json: body).status == .ok) }
            let capped = try await api.request(.post, "/videos/upload-url", token: a.token, json: body)
            #expect(capped.status == .conflict)
            #expect(capped.object["code"] as? String == "upload_limit_reached")
            // A key that was never handed out for this interview cannot be confirmed.
            let forged = "recordings/\(id.uuidString.lowercased())/1-forged.webm"
            try FileManager.default.createDirectory(at: dataDir.appendingPathComponent(forged).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data([1, 2, 3]).write(to: dataDir.appendingPathComponent("recordings/\(id.uuidString.lowercased())/1-forged.webm"))
            let unknown = try await api.request(.post, "/videos/confirm", token: a.token, json: #"{"interviewId":"\#(id.uuidString)","fileKey":"\#(forged)"}"#)
            #expect(unknown.status == .conflict)
        }
    }

    @Test func deletingAnInterviewQueuesTheDeletionOfItsRecordingAndUploads() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vh-rec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDir) }
        try await APIHarness.with(extra: ["DATA_DIR": dataDir.path, "API_URL": "http://api.test"]) { api in
            let a = try await api.signUp()
            let id = try await api.interview(of: a)
            let body = #"{"interviewId":"\#(id.uuidString)","fileName":"v.webm"}"#
            let recording = try await upload(api, try await api.request(.post, "/videos/upload-url", token: a.token, json: body))
            #expect(try await api.request(.post, "/videos/confirm", token: a.token, json: #"{"interviewId":"\#(id.uuidString)","fileKey":"\#(recording)"}"#).status == .ok)
            let stray = try await upload(api, try await api.request(.post, "/videos/upload-url", token: a.token, json: body))
            #expect(try await api.request(.delete, "/interviews/\(id.uuidString)", token: a.token).status == .ok)
            let queued = try await api.db.client.query(
                "SELECT args::text FROM background_jobs WHERE kind = 'delete_recordings'", logger: api.db.logger
            ).decode(String.self).collectAll()
            #expect(queued.count == 1)
            #expect(queued.first?.contains(recording) == true && queued.first?.contains(stray) == true)
        }
    }
}
