import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Jobs
import Logging
import NIOCore
import PostgresNIO

/// `/voice/provider` and `POST /voice/interview/:id/evaluate`.
struct VoiceController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.get("/voice/provider", use: provider)
        router.post("/voice/interview/:id/evaluate", use: evaluate)
    }

    struct ProviderResponse: Encodable {
        var stt: String
        var tts: String
        var llm: String
    }

    /// The providers the voice process uses (same rule as the voice process: Cartesia when
    /// `VOICE_TTS_PROVIDER=cartesia` or `VOICE_TTS_LOW_LATENCY=true`).
    func provider(_ request: Request, context: APIRequestContext) async throws -> Response {
        let configuration = services.platform.configuration
        return try JSONResponse.make(.ok, ProviderResponse(stt: "deepgram", tts: configuration.effectiveTTSProvider.rawValue, llm: "groq"))
    }

    struct Evaluation: Encodable {
        var score: Int?
        var communicationScore: Int?
        var technicalScore: Int?
        var summary: String?
        var strengths: [String]
        var improvements: [String]
    }

    struct Pending: Encodable {
        var jobId: Int64
        var status: String
    }

    /// Enqueues `evaluate_interview` (unique per interview) and waits a bounded time for it: the
    /// evaluation when done, 202 with the job id otherwise. The work always runs in a worker, so a
    /// dropped request loses nothing.
    func evaluate(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, resource: "Interview")
        let user = try Access.recruiter(context, scope: InterviewController.writeScope)
        let logger = context.logger
        guard let interview = try await Interview.find(id: id, on: services.platform.postgres, logger: logger),
              Access.owns(user, interview.recruiterId, context: context)
        else { throw APIError.notFound("Interview not found") }
        guard interview.startedAt != nil, interview.status == .inProgress || interview.status == .completed else {
            throw APIError(.conflict, code: "interview_not_started", message: "The interview has no conversation to evaluate yet")
        }
        let queue = services.queue
        let job = try await services.platform.postgres.withTransaction(logger: logger) { connection in
            try await connection.query("UPDATE interviews SET evaluation_error = NULL WHERE id = \(id)", logger: logger)
            return try await queue.enqueue(EvaluateInterview(interviewId: id), on: connection)
        }
        let deadline = ContinuousClock.now + services.platform.configuration.api.evaluationWait
        var state = JobState.available
        while true {
            if let record = try await queue.job(id: job.id) {
                state = record.state
                switch record.state {
                case .completed:
                    guard let done = try await Interview.find(id: id, on: services.platform.postgres, logger: logger) else {
                        throw APIError.notFound("Interview not found")
                    }
                    return try JSONResponse.make(.ok, ["evaluation": Evaluation(
                        score: done.score, communicationScore: done.communicationScore, technicalScore: done.technicalScore,
                        summary: done.summary, strengths: done.strengths, improvements: done.improvements
                    )])
                case .discarded, .cancelled:
                    let message = record.errors.last?.error ?? "the evaluation did not finish"
                    throw APIError(.unprocessableContent, code: "evaluation_failed", message: "Evaluation failed: \(message)")
                default:
                    break
                }
            }
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try JSONResponse.make(.accepted, Pending(jobId: job.id, status: state.rawValue),
                                     headers: [.location: "/interviews/\(id.uuidString.lowercased())", .retryAfter: "5"])
    }
}
