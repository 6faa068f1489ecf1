import Core
import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `/interviews/:id/screenshots`: the candidate's page uploads screenshots of its interview
/// (images only, `SCREENSHOT` limits, at most ``InterviewScreenshot/maximumPerInterview``); the
/// interview's owner lists them and downloads each through `GET /files/:id`.
struct ScreenshotController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.post("/interviews/:id/screenshots", use: upload)
        router.get("/interviews/:id/screenshots", use: list)
    }

    /// A screenshot as the API shows it.
    struct ScreenshotView: Encodable {
        var id: UUID
        var interviewId: UUID
        var fileId: UUID
        var name: String
        var mimeType: String
        var size: Int
        var createdAt: Date
        /// Where the owner downloads the image (`GET /files/:fileId`).
        var url: String
    }

    func view(_ screenshot: InterviewScreenshot) -> ScreenshotView {
        ScreenshotView(
            id: screenshot.id, interviewId: screenshot.interviewId, fileId: screenshot.fileId, name: screenshot.name,
            mimeType: screenshot.mimeType, size: screenshot.size, createdAt: screenshot.createdAt,
            url: "\(services.platform.configuration.api.publicURL)/files/\(screenshot.fileId.uuidString.lowercased())"
        )
    }

    func upload(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, resource: "Interview")
        // Who asks is settled before a byte of the body is read.
        guard case .candidate = try Access.interview(context, id: id, scope: InterviewController.writeScope) else {
            throw APIError(.forbidden, code: .forbidden, message: "Only the candidate's interview link uploads screenshots")
        }
        let category = FileCategory.screenshot
        let limit = category.maximumBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit + MultipartUpload.bodyAllowance {
            throw APIError(.contentTooLarge, code: .payloadTooLarge, message: "File too large (max \(limit >> 20) MB)",
                           headers: [.connection: "close"])
        }
        let upload = try await MultipartUpload.read(request) { _ in limit }
        if let named = upload.fields["category"], named.uppercased() != category.rawValue {
            throw APIError(.badRequest, code: .validationFailed, message: "category must be SCREENSHOT (or left out)",
                           fields: ["category": "must be SCREENSHOT"])
        }
        guard upload.fileBytes.readableBytes > 0 else {
            throw APIError(.badRequest, code: .validationFailed, message: "The file is empty", fields: ["file": "must not be empty"])
        }
        let bytes = upload.fileBytes.readableBytesView
        guard let mimeType = FileSniffer.contentType(of: bytes), category.acceptedTypes.contains(mimeType) else {
            throw APIError(.unsupportedMediaType, code: .unsupportedFileType,
                           message: "A screenshot must be a PNG, JPEG or WebP image (checked from its content)")
        }
        let digest = SecureToken.hex(SHA256.hash(data: Array(bytes)))
        let inserted = try await InterviewScreenshot.insert(
            interviewId: id, name: FileController.safeName(upload.fileName ?? "screenshot"), mimeType: mimeType, data: upload.fileBytes,
            sha256: digest, limit: InterviewScreenshot.maximumPerInterview, on: services.platform.postgres, logger: context.logger
        )
        switch inserted {
        case .stored(let screenshot):
            return try JSONResponse.make(.created, view(screenshot))
        case .limitReached:
            throw APIError(.conflict, code: .screenshotLimitReached,
                           message: "This interview already has \(InterviewScreenshot.maximumPerInterview) screenshots, the most it keeps")
        case .interviewNotFound:
            throw APIError.notFound("Interview not found")
        }
    }

    func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (interview, _) = try await InterviewController(services: services)
            .load(request, context: context, scope: InterviewController.readScope, allowCandidate: false)
        let rows = try await InterviewScreenshot.all(interviewId: interview.id, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.ok, rows.map(view))
    }
}
