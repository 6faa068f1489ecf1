public import Core
public import Foundation
public import Logging
public import PostgresNIO

/// An LLM's evaluation of an interview, validated before it is stored.
public struct InterviewEvaluation: Sendable, Equatable, Codable {
    /// Overall score, 1–100.
    public var overallScore: Int
    /// Communication, 1–100.
    public var communicationScore: Int
    /// Technical, 1–100.
    public var technicalScore: Int
    /// Strengths.
    public var strengths: [String]
    /// Areas to improve.
    public var improvements: [String]
    /// Summary.
    public var summary: String

    /// Why an answer is not a valid evaluation.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        /// What is wrong.
        public let description: String
    }

    /// Parses and validates the LLM's JSON answer: scores integers 1–100, strengths and
    /// improvements arrays of non-empty strings, a non-empty summary.
    public static func parse(_ text: String) throws(Invalid) -> InterviewEvaluation {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("```") {
            body = body.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
                .filter { !$0.hasPrefix("```") }.joined(separator: "\n")
        }
        struct Answer: Decodable {
            var overallScore: Double?
            var communicationScore: Double?
            var technicalScore: Double?
            var strengths: [String]?
            var improvements: [String]?
            var summary: String?
        }
        guard let data = body.data(using: .utf8), body.hasPrefix("{") else {
            throw Invalid(description: "the answer is not a JSON object")
        }
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw Invalid(description: "the answer is not a JSON object with the evaluation's fields (\(error))")
        }
        func score(_ value: Double?, _ key: String) throws(Invalid) -> Int {
            guard let value, value.rounded() == value, (1...100).contains(value) else {
                throw Invalid(description: "\(key) must be an integer from 1 to 100")
            }
            return Int(value)
        }
        func list(_ value: [String]?, _ key: String) throws(Invalid) -> [String] {
            guard let value, value.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw Invalid(description: "\(key) must be an array of non-empty strings")
            }
            return value
        }
        let overall = try score(answer.overallScore, "overallScore")
        let communication = try score(answer.communicationScore, "communicationScore")
        let technical = try score(answer.technicalScore, "technicalScore")
        let strengths = try list(answer.strengths, "strengths")
        let improvements = try list(answer.improvements, "improvements")
        guard let summary = answer.summary, !summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Invalid(description: "summary must be a non-empty string")
        }
        return InterviewEvaluation(overallScore: overall, communicationScore: communication, technicalScore: technical,
                                   strengths: strengths, improvements: improvements, summary: summary)
    }

    /// The evaluation stored on `interview`, if it has one (all three scores and a summary).
    public static func stored(in interview: Interview) -> InterviewEvaluation? {
        guard let overall = interview.score, let communication = interview.communicationScore,
              let technical = interview.technicalScore, let summary = interview.summary else { return nil }
        return InterviewEvaluation(overallScore: overall, communicationScore: communication, technicalScore: technical,
                                   strengths: interview.strengths, improvements: interview.improvements, summary: summary)
    }

    /// Stores the evaluation and clears any earlier error; the recruiter's id (`nil` when the
    /// interview is gone). The interview is already COMPLETED (its conversation ended); an older
    /// row still IN_PROGRESS is completed too.
    public func store(interviewId: UUID, on client: Database, logger: Logger) async throws -> UUID? {
        try await client.query("""
            UPDATE interviews SET score = \(overallScore), communication_score = \(communicationScore), technical_score = \(technicalScore),
                summary = \(summary), strengths = \(strengths), improvements = \(improvements), status = 'COMPLETED',
                completed_at = COALESCE(completed_at, now()), evaluation_error = NULL
            WHERE id = \(interviewId) RETURNING recruiter_id
            """, logger: logger).decode(UUID.self).first { _ in true }
    }

    /// Records why evaluation failed for good, for the recruiter to see (`evaluationError`) and re-request.
    public static func recordFailure(interviewId: UUID, message: String, on client: Database, logger: Logger) async throws {
        try await client.query("UPDATE interviews SET evaluation_error = \(message) WHERE id = \(interviewId)", logger: logger)
    }

    /// Clears the last failure of interview `interviewId` when its evaluation is requested again
    /// (on the caller's transaction, which enqueues the new attempt).
    public static func clearFailure(interviewId: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE interviews SET evaluation_error = NULL WHERE id = \(interviewId)", logger: logger)
    }
}
