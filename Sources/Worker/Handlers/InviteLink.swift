import Core
import Domain

/// The candidate's interview token, as put in invite links (carrying the interview's current
/// token version, so a regenerated link or a changed email revokes it).
enum InviteLink {
    static func token(for interview: Interview, version: Int, secret: String) throws -> String {
        try InterviewToken.issue(interviewId: interview.id, version: version, expiresAt: interview.expiresAt, timeLimitMinutes: interview.timeLimit,
                                 signer: TokenSigner(secret: secret))
    }
}
