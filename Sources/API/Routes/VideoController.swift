import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Integrations
import Jobs
import Logging
import NIOCore
import PostgresNIO

/// `/videos`: signed URLs for interview recordings (GCS V4, or the local store without GCS).
struct VideoController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.post("/videos/upload-url", use: uploadURL)
        router.post("/videos/confirm", use: confirm)
        router.get("/videos/:interviewId/watch", use: watch)
        router.delete("/videos/:interviewId", use: delete)
    }

    /// Upload URLs live 15 minutes; watch URLs an hour.
    static let uploadLifetime = 15 * 60
    static let watchLifetime = 60 * 60
    /// Upload URLs one interview may be given (every one is swept or deleted with the interview).
    static let maxUploadsPerInterview = 10

    struct UploadBody: Decodable, Validatable {
        var interviewId: UUID
        var fileName: String
        var contentType: String?

        func validate(_ v: inout Validator) {
            v.length(fileName, "fileName", 1...200)
            if let contentType {
                v.check(["video/webm", "video/mp4", "audio/webm", "audio/ogg", "audio/wav"].contains(contentType), "contentType",
                        "must be video/webm, video/mp4, audio/webm, audio/ogg or audio/wav")
            }
        }
    }

    struct UploadURL: Encodable {
        var uploadUrl: String
        var fileKey: String
        var contentType: String
        /// Headers the `PUT` must carry (on Cloud Storage, a signed size bound too).
        var uploadHeaders: [String: String]
        var maxBytes: Int
        var expiresAt: Date
    }

    /// The interview when the caller is its candidate (token) or its owner; 404 otherwise.
    func interview(_ id: UUID, context: APIRequestContext, allowCandidate: Bool, scope: String = InterviewController.writeScope) async throws -> Interview {
        let access = try Access.interview(context, id: id, scope: scope)
        guard let interview = try await Interview.find(id: id, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("Interview not found")
        }
        switch access {
        case .candidate:
            guard allowCandidate else { throw APIError(.forbidden, code: .forbidden, message: "The interview token does not allow this") }
        case .staff(let userId, let role):
            guard Access.owns((userId, role), interview.recruiterId, context: context) else { throw APIError.notFound("Interview not found") }
        }
        return interview
    }

    func uploadURL(_ request: Request, context: APIRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: UploadBody.self, limit: 8 << 10)
        let interview = try await interview(body.interviewId, context: context, allowCandidate: true)
        guard interview.status != .expired else {
            throw APIError(.conflict, code: .interviewExpired, message: "The interview has expired")
        }
        if context.caller?.isInterviewToken == true, interview.status == .completed, interview.hasRecording {
            throw Self.recordingFinal
        }
        let key = RecordingKey.make(interviewId: interview.id, fileName: body.fileName)
        let contentType = body.contentType ?? "video/webm"
        let maxBytes = services.platform.configuration.api.recordingMaxBytes
        let expiresAt = Date().addingTimeInterval(TimeInterval(Self.uploadLifetime))
        let recorded = try await services.platform.postgres.withTransaction(logger: context.logger) { connection in
            try await RecordingUpload.register(key: key, interviewId: interview.id, expiresAt: expiresAt, limit: Self.maxUploadsPerInterview,
                                               on: connection, logger: context.logger)
        }
        guard recorded else {
            throw APIError(.conflict, code: .uploadLimitReached,
                           message: "This interview has been given \(Self.maxUploadsPerInterview) upload URLs already")
        }
        let url = try services.recordings.uploadURL(key: key, contentType: contentType, maxBytes: maxBytes, expiresIn: Self.uploadLifetime)
        return try JSONResponse.make(.ok, UploadURL(uploadUrl: url.absoluteString, fileKey: key, contentType: contentType,
                                                    uploadHeaders: services.recordings.uploadHeaders(contentType: contentType, maxBytes: maxBytes),
                                                    maxBytes: maxBytes, expiresAt: expiresAt))
    }

    static let recordingFinal = APIError(.conflict, code: .recordingFinal,
                                         message: "The interview is completed and its recording can no longer be replaced")

    struct ConfirmBody: Decodable, Validatable {
        var interviewId: UUID
        var fileKey: String

        func validate(_ v: inout Validator) {
            v.check(RecordingKey.belongs(fileKey, to: interviewId), "fileKey", "is not a recording key of this interview")
        }
    }

    func confirm(_ request: Request, context: APIRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: ConfirmBody.self, limit: 8 << 10)
        let interview = try await interview(body.interviewId, context: context, allowCandidate: true)
        if try await services.recordings.exists(key: body.fileKey) == false {
            throw APIError(.conflict, code: .recordingMissing, message: "Nothing was uploaded under this key")
        }
        let mayReplaceFinal = context.caller?.isInterviewToken != true
        let queue = services.queue
        let logger = context.logger
        // The replaced recording is deleted through the queue, in the same transaction.
        let outcome = try await services.platform.postgres.withTransaction(logger: logger) { connection in
            let outcome = try await RecordingUpload.confirm(key: body.fileKey, interviewId: interview.id, mayReplaceFinal: mayReplaceFinal,
                                                            on: connection, logger: logger)
            if case .confirmed(let replaced?) = outcome {
                try await queue.enqueue(DeleteRecordings(keys: [replaced]), on: connection)
            }
            return outcome
        }
        switch outcome {
        case .confirmed: return try JSONResponse.success()
        case .unknownUpload:
            throw APIError(.conflict, code: .recordingMissing, message: "No upload URL of this interview was given for this key")
        case .recordingFinal: throw Self.recordingFinal
        case .interviewMissing: throw APIError.notFound("Interview not found")
        }
    }

    func recordingKey(_ id: UUID, context: APIRequestContext) async throws -> String? {
        try await RecordingUpload.recordingKey(interviewId: id, on: services.platform.postgres, logger: context.logger)
    }

    func watch(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try request.uuidParameter("interviewId", context: context, resource: "Interview")
        let interview = try await interview(id, context: context, allowCandidate: false, scope: InterviewController.readScope)
        guard let key = try await recordingKey(interview.id, context: context) else {
            throw APIError.notFound("No recording found")
        }
        let url = try services.recordings.downloadURL(key: key, expiresIn: Self.watchLifetime)
        return try JSONResponse.make(.ok, ["url": url.absoluteString])
    }

    func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try request.uuidParameter("interviewId", context: context, resource: "Interview")
        let interview = try await interview(id, context: context, allowCandidate: false)
        guard let key = try await recordingKey(interview.id, context: context) else {
            return try JSONResponse.success()
        }
        do {
            try await services.recordings.delete(key: key)
        } catch {
            context.logger.error("recording delete failed", metadata: ["key": "\(key)", "error": "\(error)"])
            throw APIError(.badGateway, code: .storageUnavailable, message: "The recording could not be deleted from storage; try again")
        }
        try await RecordingUpload.clearRecording(interviewId: interview.id, key: key, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.success()
    }
}
