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

    struct Pending: Encodable {
        var jobId: Int64
        var status: String
    }

    /// The evaluation of an ended (COMPLETED) interview, in the old client's `InterviewEvaluation`
    /// shape: `{evaluation: {overallScore, communicationScore, technicalScore, strengths,
    /// improvements, summary}}`. An interview already evaluated answers at once; otherwise (no
    /// evaluation yet, or a failed one: its `evaluationError` is cleared) `evaluate_interview` is
    /// enqueued (unique per interview) and awaited a bounded time: the evaluation when done, 422
    /// when it failed, 202 with the job id otherwise. The work always runs in a worker, so a
    /// dropped request loses nothing.
    func evaluate(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, resource: "Interview")
        let user = try Access.recruiter(context, scope: InterviewController.writeScope)
        let logger = context.logger
        guard let interview = try await Interview.find(id: id, on: services.platform.postgres, logger: logger),
              Access.owns(user, interview.recruiterId, context: context)
        else { throw APIError.notFound("Interview not found") }
        switch interview.status {
        case .pending, .expired:
            throw APIError(.conflict, code: .interviewNotStarted, message: "The interview has no conversation to evaluate yet")
        case .inProgress:
            throw APIError(.conflict, code: .interviewInProgress, message: "The interview is still in progress; it is evaluated when it ends")
        case .completed:
            break
        }
        if interview.evaluationError == nil, let evaluation = InterviewEvaluation.stored(in: interview) {
            return try JSONResponse.make(.ok, ["evaluation": evaluation])
        }
        let queue = services.queue
        let job = try await services.platform.postgres.withTransaction(logger: logger) { connection in
            try await InterviewEvaluation.clearFailure(interviewId: id, on: connection, logger: logger)
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
                    guard let evaluation = InterviewEvaluation.stored(in: done) else {
                        let message = done.evaluationError ?? "the evaluation did not finish"
                        throw APIError(.unprocessableContent, code: .evaluationFailed, message: "Evaluation failed: \(message)")
                    }
                    return try JSONResponse.make(.ok, ["evaluation": evaluation])
                case .discarded, .cancelled:
                    let message = record.errors.last?.error ?? "the evaluation did not finish"
                    throw APIError(.unprocessableContent, code: .evaluationFailed, message: "Evaluation failed: \(message)")
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
