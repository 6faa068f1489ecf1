public import Core
public import Foundation

/// The candidate's interview-scoped token (in the invite link): an HS256 JWT naming one
/// interview, valid until the interview's deadline plus its time limit and a grace period, so a
/// candidate who starts just before the deadline can finish.
public struct InterviewToken: Codable, Sendable, Equatable {
    /// Always `interview`.
    public var typ: String
    /// The interview id.
    public var iid: UUID
    /// Issued at (seconds since 1970).
    public var iat: Int
    /// Expiry (seconds since 1970).
    public var exp: Int

    /// Extra time after the deadline and time limit during which the token stays valid.
    public static let grace: TimeInterval = 30 * 60

    /// Issues a token for `interviewId`.
    public static func issue(interviewId: UUID, expiresAt: Date, timeLimitMinutes: Int, signer: TokenSigner, now: Date = Date()) throws -> String {
        let expiry = expiresAt.addingTimeInterval(TimeInterval(timeLimitMinutes * 60) + grace)
        let claims = InterviewToken(typ: "interview", iid: interviewId, iat: Int(now.timeIntervalSince1970), exp: Int(expiry.timeIntervalSince1970))
        return try signer.sign(claims)
    }

    /// The interview `token` opens, when it is a valid, unexpired interview token.
    public static func verify(_ token: String, signer: TokenSigner, now: Date = Date()) -> UUID? {
        guard let claims = try? signer.verify(token, as: InterviewToken.self), claims.typ == "interview",
              TimeInterval(claims.exp) > now.timeIntervalSince1970 else { return nil }
        return claims.iid
    }

    /// The candidate's link into the web app.
    public static func link(frontendURL: String, interviewId: UUID, token: String) -> String {
        "\(frontendURL)/interview/\(interviewId.uuidString.lowercased())?token=\(token)"
    }
}
