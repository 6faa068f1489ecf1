import Core
import Domain

/// The candidate's interview token, as put in invite links.
enum InviteLink {
    static func token(for interview: Interview, secret: String) throws -> String {
        try InterviewToken.issue(interviewId: interview.id, expiresAt: interview.expiresAt, timeLimitMinutes: interview.timeLimit,
                                 signer: TokenSigner(secret: secret))
    }
}
