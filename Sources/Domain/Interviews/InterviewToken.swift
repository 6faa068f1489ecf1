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
    /// The interview's token version when issued (absent in tokens from before versions: 0). A
    /// token whose version is not the interview's current one is refused (see
    /// ``InterviewTokenVersion``).
    public var ver: Int?

    /// Extra time after the deadline and time limit during which the token stays valid.
    public static let grace: TimeInterval = 30 * 60

    /// Issues a token for `interviewId` at the interview's token `version`.
    public static func issue(interviewId: UUID, version: Int, expiresAt: Date, timeLimitMinutes: Int, signer: TokenSigner,
                             now: Date = Date()) throws -> String {
        let expiry = expiresAt.addingTimeInterval(TimeInterval(timeLimitMinutes * 60) + grace)
        let claims = InterviewToken(typ: "interview", iid: interviewId, iat: Int(now.timeIntervalSince1970), exp: Int(expiry.timeIntervalSince1970),
                                    ver: version)
        return try signer.sign(claims)
    }

    /// The interview `token` opens and the token version it carries, when it is a validly signed,
    /// unexpired interview token. The caller still compares the version with the interview's
    /// (``InterviewTokenVersion/current(interviewId:on:logger:)``).
    public static func verify(_ token: String, signer: TokenSigner, now: Date = Date()) -> (interviewId: UUID, version: Int)? {
        guard let claims = try? signer.verify(token, as: InterviewToken.self), claims.typ == "interview",
              TimeInterval(claims.exp) > now.timeIntervalSince1970 else { return nil }
        return (claims.iid, claims.ver ?? 0)
    }

    /// The candidate's link into the web app.
    public static func link(frontendURL: String, interviewId: UUID, token: String) -> String {
        "\(frontendURL)/interview/\(interviewId.uuidString.lowercased())?token=\(token)"
    }
}
