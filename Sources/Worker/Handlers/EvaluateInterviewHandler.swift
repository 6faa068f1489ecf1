import Core
import Domain
import Foundation
import Integrations
public import Jobs
import Logging

/// `evaluate_interview`: the transcript to the LLM with the evaluation rubric, in JSON mode; the
/// answer is validated (an invalid one is retried); after the last attempt the interview shows the
/// error (`evaluationError`, re-requested with `POST /voice/interview/:id/evaluate`). Never invents
/// a score: without an LLM configured the job fails with a clear message. Publishes
/// `interview:update` (`evaluated` with the score, or `evaluation_failed`) to the recruiter's room.
public struct EvaluateInterviewHandler: Sendable {
    let platform: Platform
    let providers: ProviderSet

    /// Creates the handler.
    public init(platform: Platform, providers: ProviderSet) {
        self.platform = platform
        self.providers = providers
    }

    /// The rubric of the old plan, for the posting titled `role` (none: the interview has no posting).
    static func rubric(role: String?) -> String {
        let conversation = role.map { "the following interview conversation for the position of \($0)" } ?? "the following interview conversation"
        return """
        Based on \(conversation), provide a JSON evaluation.

        Respond ONLY with valid JSON:
        {
          "overallScore": number (1-100),
          "communicationScore": number (1-100),
          "technicalScore": number (1-100),
          "strengths": ["strength1", "strength2"],
          "improvements": ["improvement1", "improvement2"],
          "summary": "Brief evaluation summary"
        }
        """
    }

    /// Evaluates one interview.
    public func handle(_ arguments: EvaluateInterview, context: JobContext) async throws {
        let logger = context.logger
        let db = platform.postgres
        let id = arguments.interviewId
        guard let interview = try await Interview.find(id: id, on: db, logger: logger) else {
            logger.info("interview deleted before its evaluation")
            return
        }
        do {
            try await evaluate(interview, context: context)
        } catch {
            let permanent = error is PermanentJobError
            if permanent || context.isLastAttempt {
                let message = (error as? PermanentJobError)?.message ?? String(describing: error)
                try await InterviewEvaluation.recordFailure(interviewId: id, message: message, on: db, logger: logger)
                await platform.events.publish(
                    InterviewUpdate(interviewId: id, status: interview.status.rawValue, change: .evaluationFailed, evaluationError: message),
                    recruiterId: interview.recruiterId)
            }
            throw error
        }
    }

    func evaluate(_ interview: Interview, context: JobContext) async throws {
        let logger = context.logger
        let db = platform.postgres
        guard let llm = providers.llm else {
            throw PermanentJobError("no LLM configured: set GROQ_API_KEY (or LLM_BASE_URL for another OpenAI-compatible server)")
        }
        let transcript = try await InterviewMessage.all(interviewId: interview.id, on: db, logger: logger)
            .filter { $0.role == .user || $0.role == .assistant }
        guard transcript.contains(where: { $0.role == .user }) else {
            throw PermanentJobError("the interview has no answers from the candidate to evaluate")
        }
        var role: String?
        if let postingId = interview.postingId, let posting = try await JobPosting.find(id: postingId, on: db, logger: logger) {
            role = posting.title
        }
        var messages = [ChatMessage(role: .system, content: Self.rubric(role: role))]
        messages += transcript.map { ChatMessage(role: $0.role == .user ? .user : .assistant, content: $0.content) }
        messages.append(ChatMessage(role: .user, content: "Evaluate the interview above now. Respond ONLY with the JSON object."))
        let completion: ChatCompletion
        do {
            completion = try await llm.complete(ChatCompletionRequest(messages: messages, temperature: 0.2, responseFormat: .jsonObject))
        } catch let error as ProviderError {
            throw ProviderFailure.jobError(error)
        }
        let evaluation: InterviewEvaluation
        do {
            evaluation = try InterviewEvaluation.parse(completion.content)
        } catch {
            // Retried: the next answer may be valid.
            throw EvaluationAnswerError(description: "the LLM's answer is not a valid evaluation: \(error.description)")
        }
        guard let recruiterId = try await evaluation.store(interviewId: interview.id, on: db, logger: logger) else { return }
        await platform.events.publish(
            InterviewUpdate(interviewId: interview.id, status: InterviewStatus.completed.rawValue, change: .evaluated, score: evaluation.overallScore),
            recruiterId: recruiterId)
        logger.info("interview evaluated", metadata: ["score": "\(evaluation.overallScore)"])
    }
}

/// The LLM answered, but not with a valid evaluation (retried).
struct EvaluationAnswerError: Error, CustomStringConvertible {
    let description: String
}
